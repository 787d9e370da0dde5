package com.qanatix.core.internal.store;

class SourceIdsOnH2Test extends SourceIdStoreContract {
    private PooledJdbcStore jdbc;

    @Override
    protected StoreBackend newStore() {
        jdbc = PooledJdbcStore.h2();
        return jdbc.store();
    }

    @Override
    protected void release() {
        jdbc.close();
    }
}
