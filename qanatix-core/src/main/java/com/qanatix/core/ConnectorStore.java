package com.qanatix.core;

import com.qanatix.core.internal.store.DirectoryConnectorStore;
import com.qanatix.core.internal.store.InMemoryConnectorStore;
import com.qanatix.core.internal.store.JdbcConnectorStore;
import com.qanatix.core.internal.store.StoreBackend;
import com.qanatix.core.internal.store.StoreBackends;

import javax.sql.DataSource;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Where connectors, their encrypted credentials, watermarks and dedup fingerprints live. Pick one
 * and hand it to {@link Qanatix.Builder#store}:
 * <ul>
 *   <li>{@link #inMemory()}: nothing survives the process; for tests and demos;</li>
 *   <li>{@link #directory(Path)}: files in a directory of this host, for one process at a time;
 *       dedup fingerprints in memory-mapped files, so memory does not grow with a connector;</li>
 *   <li>{@link #jdbc(DataSource)}: tables in the host's own PostgreSQL, MySQL/MariaDB or H2
 *       database, shared by every instance that uses it (scheduled runs are then coordinated).</li>
 * </ul>
 * Credentials reach a store only as Fernet tokens. A store is thread-safe and may serve several
 * {@link Qanatix} instances of one process; close it when none uses it any more.
 */
public final class ConnectorStore implements AutoCloseable {
    static {
        StoreBackends.register(ConnectorStore::backend);
        StoreBackends.registerFactory(ConnectorStore::new);
    }

    private final StoreBackend backend;

    private ConnectorStore(StoreBackend backend) {
        this.backend = requireNonNull(backend, "backend is null");
    }

    /** @return a store that keeps everything in this process's memory */
    public static ConnectorStore inMemory() {
        return new ConnectorStore(new InMemoryConnectorStore());
    }

    /**
     * Opens a store in a directory. It holds an OS file lock on the directory until closed: one
     * process (and one store in it) at a time. A pull's fingerprints and watermark commit together
     * through a write-ahead log, so a crash leaves the state before a commit or after it.
     *
     * @param directory a directory, created if absent
     * @return a store that keeps each connector's definition, watermark and fingerprints in files
     *     of that directory
     * @throws StoreException when another store, of this process or another, has the directory open
     */
    public static ConnectorStore directory(Path directory) {
        return new ConnectorStore(new DirectoryConnectorStore(requireNonNull(directory, "directory is null")));
    }

    /**
     * @param dataSource the host's database (e.g. a HikariCP pool); tables are created if absent
     * @return a store in that database
     */
    public static ConnectorStore jdbc(DataSource dataSource) {
        return new ConnectorStore(new JdbcConnectorStore(requireNonNull(dataSource, "dataSource is null")));
    }

    /** @return the persistence behind this store, for the SDK's own classes */
    StoreBackend backend() {
        return backend;
    }

    /** Releases what the store holds (files, mapped memory); pulls still using it fail and commit nothing. */
    @Override
    public void close() {
        backend.close();
    }
}
