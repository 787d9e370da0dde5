package com.qanatix.core.internal.store;

import com.qanatix.core.Watermark;

import java.util.List;
import java.util.Optional;

/**
 * The persistence behind a {@link com.qanatix.core.ConnectorStore}: connectors with their encrypted
 * credentials, watermarks and dedup state. Implementations are thread-safe; pulls of different
 * connectors use it at once.
 */
public interface StoreBackend extends AutoCloseable {

    /** @param connector a connector to insert or replace */
    void save(StoredConnector connector);

    /**
     * @param id a connector id
     * @return the connector, if stored
     */
    Optional<StoredConnector> find(String id);

    /** @return every stored connector, oldest first */
    List<StoredConnector> list();

    /**
     * Deletes a connector with its watermark and fingerprints.
     *
     * @param id a connector id
     * @return whether it existed
     */
    boolean delete(String id);

    /**
     * @param id a connector id
     * @return the watermark of its last successful pull, if any
     */
    Optional<Watermark> watermark(String id);

    /**
     * Opens a pull's view of the connector's dedup state; see {@link PullState}.
     *
     * @param id a connector id
     * @return the state, to close when the pull ends
     */
    PullState beginPull(String id);

    /**
     * @param id a connector id
     * @return how many source ids the connector's committed dedup state holds
     */
    long fingerprintCount(String id);

    /**
     * Opens a pull's view of the connector's dedup state that also records source ids
     * ({@link PullState#addSourceId}) and can forget them ({@link PullState#removeSourceIds}), for
     * connectors with deletion detection and their reconciliations.
     *
     * @param id a connector id
     * @return the state, to close when the pull ends
     * @throws UnsupportedOperationException when the store keeps no source ids
     */
    default PullState beginPullWithSourceIds(String id) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no source ids");
    }

    /**
     * @param id a connector id
     * @return how many source ids are recorded for it (an id recorded twice after a crash counts twice)
     */
    default long sourceIdCount(String id) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no source ids");
    }

    /**
     * Streams the connector's recorded source ids, in no particular order; memory stays bounded
     * however many there are.
     *
     * @param id a connector id
     * @param action receives each id with its hash
     */
    default void forEachSourceId(String id, SourceIdConsumer action) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no source ids");
    }

    /**
     * Forgets the connector's watermark, fingerprints and source ids, so that its next pull reads
     * and delivers every row again. The caller makes sure no pull of it runs.
     *
     * @param id a connector id
     */
    default void resync(String id) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot resync a connector");
    }

    /**
     * Replaces the connector's watermark; its fingerprints stay. The caller makes sure no pull of it runs.
     *
     * @param id a connector id
     * @param watermark the watermark the next pull starts from
     */
    default void resetWatermark(String id, Watermark watermark) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot set a watermark");
    }

    /**
     * @return how instances sharing this store coordinate scheduled pulls; empty when the store is
     *     private to one process
     */
    default Optional<ScheduleLeases> scheduleLeases() {
        return Optional.empty();
    }

    /**
     * Asks to be told of stored entries the store cannot read (a truncated or garbled file) and skips
     * in {@link #list()}; {@link #find} of such an entry throws a {@link com.qanatix.core.StoreException}
     * that names it. Each unreadable entry is reported once, until it changes.
     *
     * @param reporter receives the entry's name (a file path, a row key) and what is wrong with it
     * @return undoes the registration
     */
    default Runnable onUnreadableEntry(java.util.function.BiConsumer<String, String> reporter) {
        return () -> { };
    }

    /** Releases what the store holds; a pull still using it then fails and commits nothing. */
    @Override
    void close();
}
