package com.qanatix.core.internal.store;

import com.qanatix.core.Watermark;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryConnectorStoreTest extends ConnectorStoreContract {
    @Override
    protected StoreBackend newStore() {
        return new InMemoryConnectorStore();
    }

    @Test
    void closingTheStoreGivesItsIndexMemoryBackAndForgetsEverything() {
        StoredConnector a = connector(Instant.EPOCH, "a");
        store.save(a);
        FingerprintIndex committed = new FingerprintIndex();
        for (long k = 1; k <= 20_000; k++) {
            committed.put(k, k);
        }
        commitPull(a.id(), new Watermark(Instant.EPOCH, Optional.empty()), committed);
        long pooled = FingerprintPages.pooledBytes();

        store.close();

        assertThat(FingerprintPages.pooledBytes()).as("the index's full pages, back in the pool").isGreaterThan(pooled);
        assertThat(store.find(a.id())).isEmpty();
        store.close(); // twice is fine
    }
}
