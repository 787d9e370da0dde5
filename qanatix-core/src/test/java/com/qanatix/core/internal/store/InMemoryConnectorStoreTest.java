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

    @Test
    void aPullWhoseStoreIsClosedFailsBeforeItsNextChunkAndCommitsNothing() {
        StoredConnector a = connector(Instant.EPOCH, "a");
        store.save(a);
        FingerprintIndex committed = new FingerprintIndex();
        for (long k = 1; k <= 20_000; k++) {
            committed.put(k, k);
        }
        commitPull(a.id(), new Watermark(Instant.EPOCH, Optional.empty()), committed);
        long pooled = FingerprintPages.pooledBytes();
        long[] out = new long[1];
        try (PullState pull = store.beginPull(a.id())) {
            pull.getAll(new long[] {7}, 1, 0, out);
            assertThat(out[0]).isEqualTo(7);
            pull.put(20_001, 1);

            store.close();

            assertThat(FingerprintPages.pooledBytes()).as("pages a running pull may read are not recycled")
                    .isEqualTo(pooled);
            assertThatThrownBy(() -> pull.getAll(new long[] {7}, 1, 0, out))
                    .isInstanceOf(com.qanatix.core.StoreException.class).hasMessageContaining("closed");
            assertThatThrownBy(() -> pull.commit(new Watermark(Instant.EPOCH, Optional.empty())))
                    .isInstanceOf(com.qanatix.core.StoreException.class);
        }
    }
}
