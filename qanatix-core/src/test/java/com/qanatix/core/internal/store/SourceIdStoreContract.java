package com.qanatix.core.internal.store;

import com.qanatix.core.Watermark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** What every store does with a connector's source ids; each store runs it against its own backend. */
abstract class SourceIdStoreContract {
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");
    private static final Watermark W0 = new Watermark(T0, Optional.empty());
    protected StoreBackend store;
    private String id;

    /** @return a new, empty store */
    protected abstract StoreBackend newStore();

    /** Releases what {@link #newStore} made besides the store. */
    protected void release() {
    }

    @BeforeEach
    void open() {
        store = newStore();
        StoredConnector c = ConnectorStoreContract.connector(T0, "products");
        store.save(c);
        id = c.id();
    }

    @AfterEach
    void close() {
        store.close();
        release();
    }

    @Test
    void theIdsAPullAddsBecomeVisibleWithItsCommitOnly() {
        try (PullState pull = store.beginPullWithSourceIds(id)) {
            put(pull, 1, "p-1");
            put(pull, 2, "p-ü-2");
            assertThat(store.sourceIdCount(id)).isZero();
            pull.commit(W0);
        }

        assertThat(ids()).containsExactlyInAnyOrderEntriesOf(Map.of(1L, "p-1", 2L, "p-ü-2"));
        assertThat(store.sourceIdCount(id)).isEqualTo(2);
        assertThat(store.fingerprintCount(id)).isEqualTo(2);
    }

    @Test
    void aPullClosedWithoutItsCommitRecordsNoId() {
        try (PullState pull = store.beginPullWithSourceIds(id)) {
            put(pull, 1, "p-1");
        }

        assertThat(store.sourceIdCount(id)).isZero();
        assertThat(ids()).isEmpty();
    }

    @Test
    void laterPullsAppendTheirIds() {
        commitIds(Map.of(1L, "p-1", 2L, "p-2"));
        commitIds(Map.of(3L, "p-3"));

        assertThat(ids()).containsExactlyInAnyOrderEntriesOf(Map.of(1L, "p-1", 2L, "p-2", 3L, "p-3"));
    }

    @Test
    void removedIdsLeaveTheIdsAndTheFingerprintsSoTheyReadAsNew() {
        commitIds(Map.of(1L, "p-1", 2L, "p-2", 3L, "p-3"));

        try (PullState reconcile = store.beginPullWithSourceIds(id)) {
            reconcile.removeSourceIds(keys(2L));
            reconcile.commit(W0);
        }

        assertThat(ids()).containsExactlyInAnyOrderEntriesOf(Map.of(1L, "p-1", 3L, "p-3"));
        assertThat(IndexLookups.get(store, id, 2)).as("a removed key reads as absent").isZero();
        assertThat(IndexLookups.get(store, id, 1)).isEqualTo(101);
        assertThat(store.watermark(id)).contains(W0);
    }

    @Test
    void aReconciliationClosedWithoutItsCommitRemovesNothing() {
        commitIds(Map.of(1L, "p-1", 2L, "p-2"));

        try (PullState reconcile = store.beginPullWithSourceIds(id)) {
            reconcile.removeSourceIds(keys(2L));
        }

        assertThat(ids()).hasSize(2);
        assertThat(IndexLookups.get(store, id, 2)).isEqualTo(102);
    }

    @Test
    void resyncForgetsTheWatermarkTheFingerprintsAndTheIds() {
        commitIds(Map.of(1L, "p-1", 2L, "p-2"));

        store.resync(id);

        assertThat(store.watermark(id)).isEmpty();
        assertThat(store.fingerprintCount(id)).isZero();
        assertThat(ids()).isEmpty();
        assertThat(store.find(id)).as("the connector stays").isPresent();
        commitIds(Map.of(3L, "p-3"));
        assertThat(ids()).containsExactlyEntriesOf(Map.of(3L, "p-3"));
    }

    @Test
    void resetWatermarkReplacesTheWatermarkAndKeepsTheFingerprints() {
        commitIds(Map.of(1L, "p-1"));
        Watermark backfill = new Watermark(Instant.parse("2025-01-01T00:00:00Z"), Optional.empty());

        store.resetWatermark(id, backfill);

        assertThat(store.watermark(id)).contains(backfill);
        assertThat(store.fingerprintCount(id)).isEqualTo(1);
        assertThat(ids()).hasSize(1);
    }

    @Test
    void deletingTheConnectorDeletesItsIds() {
        commitIds(Map.of(1L, "p-1"));

        store.delete(id);

        assertThat(store.sourceIdCount(id)).isZero();
    }

    @Test
    void aPullOfAConnectorDeletedWhileItRanRecordsNoIds() {
        try (PullState pull = store.beginPullWithSourceIds(id)) {
            put(pull, 1, "p-1");
            store.delete(id);
            pull.commit(W0);
        }

        assertThat(store.sourceIdCount(id)).isZero();
    }

    private static void put(PullState pull, long key, String sourceId) {
        pull.put(key, 100 + key);
        pull.addSourceId(key, sourceId);
    }

    private void commitIds(Map<Long, String> entries) {
        try (PullState pull = store.beginPullWithSourceIds(id)) {
            entries.forEach((k, v) -> put(pull, k, v));
            pull.commit(W0);
        }
    }

    private Map<Long, String> ids() {
        Map<Long, String> all = new LinkedHashMap<>();
        store.forEachSourceId(id, (k, v) -> assertThat(all.put(k, v)).as("id recorded once").isNull());
        return all;
    }

    private static KeySet keys(Long... hashes) {
        Set<Long> set = Set.of(hashes);
        return new KeySet() {
            @Override
            public boolean contains(long keyHash) {
                return set.contains(keyHash);
            }

            @Override
            public void forEach(LongConsumer action) {
                set.forEach(action::accept);
            }

            @Override
            public long size() {
                return set.size();
            }
        };
    }
}
