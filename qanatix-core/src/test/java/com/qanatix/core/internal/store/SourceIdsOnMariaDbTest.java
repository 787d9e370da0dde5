package com.qanatix.core.internal.store;

import com.qanatix.core.testing.TestDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

class SourceIdsOnMariaDbTest extends SourceIdStoreContract {
    private TestDatabase db;
    private HikariDataSource pool;

    @Override
    protected StoreBackend newStore() {
        db = TestDatabase.mysql();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        return new JdbcConnectorStore(pool);
    }

    @Override
    protected void release() {
        pool.close();
        db.close();
    }
}
