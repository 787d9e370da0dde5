package com.qanatix.core.internal.store;

import com.qanatix.core.testing.TestDatabase;

class SourceIdsOnPostgresTest extends SourceIdStoreContract {
    private PooledJdbcStore jdbc;

    @Override
    protected StoreBackend newStore() {
        jdbc = PooledJdbcStore.on(TestDatabase.postgres());
        return jdbc.store();
    }

    @Override
    protected void release() {
        jdbc.close();
    }
}
