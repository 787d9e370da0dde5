package com.qanatix.core.internal.store;

import java.util.function.LongConsumer;

/**
 * A set of source id hashes that a reconciliation found missing at the source, handed to a
 * {@link PullState} so that its commit removes them from the connector's fingerprints and source ids.
 */
public interface KeySet {

    /**
     * @param keyHash a source id hash
     * @return whether it is in the set
     */
    boolean contains(long keyHash);

    /** @param action called with each hash of the set, once */
    void forEach(LongConsumer action);

    /** @return how many hashes the set holds */
    long size();
}
