package com.qanatix.core.store;

import com.qanatix.core.ConnectorStore;
import com.qanatix.core.FingerprintIndex;
import com.qanatix.core.StoredConnector;
import com.qanatix.core.Watermark;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryConnectorStoreTest extends ConnectorStoreContract {
    @Override
    protected ConnectorStore newStore() {
        return ConnectorStore.inMemory();
    }

    @Test
    void closingTheStoreClosesTheIndexesItKeeps() {
        StoredConnector a = connector(Instant.EPOCH, "a");
        store.save(a);
        FingerprintIndex committed = new FingerprintIndex();
        committed.put(1, 2);
        store.commitPull(a.id(), new Watermark(Instant.EPOCH, Optional.empty()), committed); // kept as it is

        store.close();

        assertThat(committed.memoryBytes()).as("memory given back").isZero();
        assertThatThrownBy(() -> committed.get(1, 0)).isInstanceOf(IllegalStateException.class);
        assertThat(store.find(a.id())).isEmpty();
        store.close(); // twice is fine
    }
}
