package com.qanatix.core.internal.store;

class SourceIdsInMemoryTest extends SourceIdStoreContract {
    @Override
    protected StoreBackend newStore() {
        return new InMemoryConnectorStore();
    }
}
