package com.qanatix.core;

import com.qanatix.core.internal.store.DirectoryConnectorStore;
import com.qanatix.core.internal.store.InMemoryConnectorStore;
import com.qanatix.core.internal.store.JdbcConnectorStore;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where connectors, their encrypted credentials, watermarks and fingerprints live.
 *
 * <p>Three come built in: {@link #inMemory()}, {@link #directory(Path)} (atomic file writes) and
 * {@link #jdbc(DataSource)} (tables in the host's own PostgreSQL, MySQL/MariaDB or H2 database).
 * Implementations are thread-safe. Credentials reach a store only as Fernet tokens.
 */
public interface ConnectorStore extends AutoCloseable {

    /** @return a store that keeps everything in this process's memory */
    static ConnectorStore inMemory() {
        return new InMemoryConnectorStore();
    }

    /**
     * @param directory a directory, created if absent
     * @return a store that keeps one set of files per connector, written atomically
     */
    static ConnectorStore directory(Path directory) {
        return new DirectoryConnectorStore(directory);
    }

    /**
     * @param dataSource the host's database (e.g. a HikariCP pool); tables are created if absent
     * @return a store in that database
     */
    static ConnectorStore jdbc(DataSource dataSource) {
        return new JdbcConnectorStore(dataSource);
    }

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
     * @param id a connector id
     * @return its fingerprint index (empty if none), for a pull to read: the caller does not change
     *     it and closes it when the pull ends, before {@link #commitPull}; a store may hand out a
     *     fresh copy or a {@link FingerprintIndex#readOnlyView() read-only view} of its own
     */
    FingerprintIndex fingerprints(String id);

    /**
     * Commits a successful pull: merges the changed fingerprints into the connector's index, then
     * records the watermark. Fingerprints go first, so a crash in between only makes the next pull
     * re-read rows that dedup then skips.
     *
     * @param id a connector id
     * @param watermark the new watermark
     * @param changedFingerprints entries added or replaced by the pull; the caller hands it over and
     *     does not use it afterwards, so a store may keep it instead of copying it. The store owns it
     *     from the call on, also when the call throws: it keeps it or closes it.
     */
    void commitPull(String id, Watermark watermark, FingerprintIndex changedFingerprints);

    /**
     * @return how instances sharing this store coordinate scheduled pulls; empty (the default) when
     *     the store is private to one process
     */
    default Optional<ScheduleLeases> scheduleLeases() {
        return Optional.empty();
    }

    /** Releases what the store holds; the default does nothing. */
    @Override
    default void close() {
    }
}
