package com.qanatix.core.internal.store;

/** Receives a connector's recorded source ids, one at a time. */
@FunctionalInterface
public interface SourceIdConsumer {

    /**
     * @param keyHash the source id's hash, as the fingerprints key it
     * @param sourceId the source id
     */
    void accept(long keyHash, String sourceId);
}
