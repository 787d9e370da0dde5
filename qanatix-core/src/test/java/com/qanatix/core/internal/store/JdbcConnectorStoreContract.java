package com.qanatix.core.internal.store;

import com.qanatix.core.StoreException;
import com.qanatix.core.Watermark;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the JDBC store does beyond {@link ConnectorStoreContract}: pulls whose entries pass through
 * several write batches and lookup round trips, on each database it supports.
 */
abstract class JdbcConnectorStoreContract extends ConnectorStoreContract {
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");
    /** More entries than three write batches, so that writes are in flight while the pull goes on. */
    private static final int MANY = JdbcPullState.WRITE_BATCH * 3 + 123;

    private static long key(long i) {
        return i * 0x9E3779B97F4A7C15L;
    }

    private static long[] lookUp(PullState pull, long from, int count) {
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = key(from + i);
        }
        long[] out = new long[count];
        int batch = pull.lookupBatch();
        long[] some = new long[batch];
        long[] found = new long[batch];
        for (int at = 0; at < count; at += batch) { // as a pull asks
            int n = Math.min(batch, count - at);
            System.arraycopy(keys, at, some, 0, n);
            pull.getAll(some, n, -1, found);
            System.arraycopy(found, 0, out, at, n);
        }
        return out;
    }

    /** A first pull of MANY keys, each with fingerprint i, committed. */
    private String committedFirstPull() {
        StoredConnector a = connector(T0, "a");
        store.save(a);
        try (PullState pull = store.beginPull(a.id())) {
            for (long i = 0; i < MANY; i++) {
                pull.put(key(i), i);
            }
            pull.commit(new Watermark(T0, Optional.empty()));
        }
        return a.id();
    }

    @Test
    void aKeyPutAgainInTheSamePullCommitsItsLastFingerprint() {
        String id = committedFirstPull();
        try (PullState pull = store.beginPull(id)) {
            // keys written in earlier batches, and keys still in the batch being filled
            pull.put(key(5), 500);
            pull.put(key(MANY - 1), 700);
            pull.put(key(5), 501);
            pull.commit(new Watermark(T0.plusSeconds(60), Optional.empty()));
        }
        assertThat(store.fingerprintCount(id)).isEqualTo(MANY);
        assertThat(IndexLookups.get(store, id, key(5))).isEqualTo(501);
        assertThat(IndexLookups.get(store, id, key(MANY - 1))).isEqualTo(700);
        assertThat(IndexLookups.get(store, id, key(6))).isEqualTo(6);
    }

    @Test
    void aFirstPullSeesItsOwnPutsAcrossWriteBatchesAndKeepsTheLastOfARepeatedKey() {
        StoredConnector a = connector(T0, "a");
        store.save(a);
        try (PullState pull = store.beginPull(a.id())) {
            for (long i = 0; i < MANY; i++) {
                pull.put(key(i), i);
            }
            pull.put(key(3), 33); // written in the first batch already
            pull.put(key(MANY - 2), 44); // not yet written
            long[] seen = lookUp(pull, 0, MANY + 10);
            assertThat(seen[3]).isEqualTo(33);
            assertThat(seen[MANY - 2]).isEqualTo(44);
            assertThat(seen[1000]).isEqualTo(1000);
            assertThat(seen[MANY + 5]).as("never put").isEqualTo(-1);
            pull.commit(new Watermark(T0, Optional.empty()));
        }
        assertThat(store.fingerprintCount(a.id())).isEqualTo(MANY);
        assertThat(IndexLookups.get(store, a.id(), key(3))).isEqualTo(33);
        assertThat(IndexLookups.get(store, a.id(), key(MANY - 2))).isEqualTo(44);
        assertThat(IndexLookups.get(store, a.id(), key(MANY - 3))).isEqualTo(MANY - 3);
    }

    @Test
    void anIncrementalPullLooksUpCommittedEntriesInBatchesBesideItsOwnPuts() {
        String id = committedFirstPull();
        try (PullState pull = store.beginPull(id)) {
            assertThat(pull.lookupBatch()).isEqualTo(JdbcPullState.LOOKUP_BATCH);
            pull.put(key(10), -10);
            pull.put(key(MANY + 1), 1);
            long[] seen = lookUp(pull, 0, MANY + 2);
            assertThat(seen[0]).isEqualTo(0);
            assertThat(seen[10]).isEqualTo(-10);
            assertThat(seen[MANY - 1]).isEqualTo(MANY - 1);
            assertThat(seen[MANY]).isEqualTo(-1);
            assertThat(seen[MANY + 1]).isEqualTo(1);
        }
    }

    @Test
    void entriesWrittenDuringAPullStayInvisibleUntilItCommitsAndVanishWithoutACommit() {
        String id = committedFirstPull();
        StoredConnector b = connector(T0, "b");
        store.save(b);
        try (PullState pull = store.beginPull(b.id())) {
            for (long i = 0; i < MANY; i++) {
                pull.put(key(i), i + 1);
            }
            assertThat(store.fingerprintCount(b.id())).isZero();
            assertThat(IndexLookups.get(store, b.id(), key(1), -1)).isEqualTo(-1);
        }
        assertThat(store.fingerprintCount(b.id())).isZero();
        assertThat(store.watermark(b.id())).isEmpty();
        assertThat(store.fingerprintCount(id)).isEqualTo(MANY);
    }

    @Test
    void aPullWhoseStoreClosedCommitsNothing() {
        StoredConnector a = connector(T0, "a");
        store.save(a);
        try (PullState pull = store.beginPull(a.id())) {
            pull.put(1, 1);
            store.close();
            assertThatThrownBy(() -> pull.commit(new Watermark(T0, Optional.empty())))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("closed");
        }
        assertThat(store.fingerprintCount(a.id())).isZero();
        assertThat(store.watermark(a.id())).isEmpty();
    }
}
