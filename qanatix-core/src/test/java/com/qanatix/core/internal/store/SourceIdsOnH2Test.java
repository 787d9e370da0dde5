package com.qanatix.core.internal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.util.UUID;

class SourceIdsOnH2Test extends SourceIdStoreContract {
    private HikariDataSource pool;

    @Override
    protected StoreBackend newStore() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        return new JdbcConnectorStore(pool);
    }

    @Override
    protected void release() {
        pool.close();
    }
}
