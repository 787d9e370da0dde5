package com.qanatix.core.internal.store;

import com.qanatix.core.testing.TestDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.util.UUID;

/** A JDBC store over a small HikariCP pool: on a fresh database of a test server, or on an in-memory H2. */
final class PooledJdbcStore implements AutoCloseable {
    private final TestDatabase db;
    private final HikariDataSource pool;
    private final JdbcConnectorStore store;

    private PooledJdbcStore(TestDatabase db, String url) {
        this.db = db;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        this.pool = new HikariDataSource(config);
        this.store = new JdbcConnectorStore(pool);
    }

    /** @param db a fresh database, dropped by {@link #close()} */
    static PooledJdbcStore on(TestDatabase db) {
        return new PooledJdbcStore(db, db.jdbcUrl());
    }

    static PooledJdbcStore h2() {
        return new PooledJdbcStore(null, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    StoreBackend store() {
        return store;
    }

    @Override
    public void close() {
        pool.close();
        if (db != null) {
            db.close();
        }
    }
}
