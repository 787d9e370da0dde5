package com.qanatix.core.store;

import com.qanatix.core.ConnectorStore;

class InMemoryConnectorStoreTest extends ConnectorStoreContract {
    @Override
    protected ConnectorStore newStore() {
        return ConnectorStore.inMemory();
    }
}
