package com.qanatix.core.internal.store;

import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorDefinition;
import com.qanatix.core.Watermark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link StoreBackend} must do; each implementation runs it against its own backend. */
public abstract class ConnectorStoreContract {
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");
    protected StoreBackend store;

    /** @return a new, empty store */
    protected abstract StoreBackend newStore();

    /** Releases the backend. */
    protected void release() {
    }

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
        release();
    }

    protected static StoredConnector connector(Instant createdAt, String name) {
        Connector c = new Connector(UUID.randomUUID().toString(), createdAt, ConnectorDefinition.builder()
                .name(name).connectorType("postgresql").vertical("retail").entityType("product")
                .query("SELECT * FROM products WHERE updated_at > :last_pull -- ünïcødé '" + "x".repeat(5000) + "'")
                .sourceIdColumn("sku").watermarkColumn("updated_at").schedule("*/5 * * * *").build());
        return new StoredConnector(c, "gAAAAAB-token-" + name);
    }

    @Test
    void savedConnectorsAreFoundAndListedOldestFirst() {
        StoredConnector b = connector(T0.plusSeconds(1), "b");
        StoredConnector a = connector(T0, "a");
        store.save(b);
        store.save(a);

        assertThat(store.find(a.id())).contains(a);
        assertThat(store.find(UUID.randomUUID().toString())).isEmpty();
        assertThat(store.list()).containsExactly(a, b);
    }

    @Test
    void savingAgainReplaces() {
        StoredConnector a = connector(T0, "a");
        store.save(a);
        StoredConnector rotated = new StoredConnector(a.connector().withSchedule(null), "gAAAAAB-rotated");
        store.save(rotated);

        assertThat(store.find(a.id())).contains(rotated);
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void aPullCommitMergesFingerprintsAndSetsTheWatermark() {
        StoredConnector a = connector(T0, "a");
        store.save(a);
        assertThat(store.watermark(a.id())).isEmpty();
        assertThat(fingerprints(a.id()).size()).isZero();

        FingerprintIndex first = new FingerprintIndex();
        first.put(1, 10);
        first.put(2, 20);
        commitPull(a.id(), new Watermark(T0, Optional.empty()), first);
        FingerprintIndex second = new FingerprintIndex();
        second.put(2, 21);
        second.put(-3, Long.MIN_VALUE);
        commitPull(a.id(), new Watermark(T0.plusSeconds(60), Optional.of(T0.plusSeconds(5))), second);

        Committed loaded = fingerprints(a.id());
        assertThat(loaded.size()).isEqualTo(3);
        assertThat(loaded.get(1, 0)).isEqualTo(10);
        assertThat(loaded.get(2, 0)).isEqualTo(21);
        assertThat(loaded.get(-3, 0)).isEqualTo(Long.MIN_VALUE);
        assertThat(store.watermark(a.id())).contains(new Watermark(T0.plusSeconds(60), Optional.of(T0.plusSeconds(5))));
    }

    @Test
    void watermarkColumnValuesKeepTheirType() {
        StoredConnector a = connector(T0, "a");
        store.save(a);
        for (Object value : List.of(42L, new BigDecimal("12345678901234567890.000001"), T0,
                LocalDateTime.parse("2026-03-01T10:15:30.123456"), "abc")) {
            commitPull(a.id(), new Watermark(T0, Optional.of(value)), new FingerprintIndex());
            assertThat(store.watermark(a.id()).orElseThrow().columnValue()).contains(value);
        }
    }

    @Test
    void fingerprintsSurviveAtScale() {
        StoredConnector a = connector(T0, "a");
        store.save(a);
        FingerprintIndex many = new FingerprintIndex();
        for (long i = 1; i <= 50_000; i++) {
            many.put(i * 0x9E3779B97F4A7C15L, i);
        }
        commitPull(a.id(), new Watermark(T0, Optional.empty()), many);

        Committed loaded = fingerprints(a.id());
        assertThat(loaded.size()).isEqualTo(50_000);
        assertThat(loaded.get(777 * 0x9E3779B97F4A7C15L, 0)).isEqualTo(777);
    }

    @Test
    void aPullThatEndsWithoutCommittingChangesNothing() {
        StoredConnector a = connector(T0, "a");
        store.save(a);
        commitPull(a.id(), new Watermark(T0, Optional.empty()), index(1, 1));
        try (PullState pull = store.beginPull(a.id())) {
            pull.put(5, 5);
            pull.put(1, 2);
            assertThat(get(pull, 5)).as("a pull sees its own puts").isEqualTo(5);
            assertThat(get(pull, 1)).isEqualTo(2);
        }
        assertThat(fingerprints(a.id()).size()).isEqualTo(1);
        assertThat(fingerprints(a.id()).contains(5)).isFalse();
        assertThat(fingerprints(a.id()).get(1, 0)).isEqualTo(1);
        assertThat(store.watermark(a.id())).contains(new Watermark(T0, Optional.empty()));
    }

    @Test
    void deleteDropsTheConnectorItsWatermarkAndFingerprints() {
        StoredConnector a = connector(T0, "a");
        StoredConnector b = connector(T0, "b");
        store.save(a);
        store.save(b);
        commitPull(a.id(), new Watermark(T0, Optional.empty()), index(1, 1));
        commitPull(b.id(), new Watermark(T0, Optional.empty()), index(1, 1)); // a store owns what it is handed

        assertThat(store.delete(a.id())).isTrue();
        assertThat(store.delete(a.id())).isFalse();
        assertThat(store.find(a.id())).isEmpty();
        assertThat(store.watermark(a.id())).isEmpty();
        assertThat(fingerprints(a.id()).size()).isZero();
        assertThat(fingerprints(b.id()).size()).isEqualTo(1);
    }

    @Test
    void aCommitForADeletedConnectorLeavesNothingBehind() {
        StoredConnector a = connector(T0, "a");
        store.save(a);
        store.delete(a.id());
        FingerprintIndex f = new FingerprintIndex();
        f.put(1, 1);
        commitPull(a.id(), new Watermark(T0, Optional.empty()), f);

        assertThat(store.watermark(a.id())).isEmpty();
        assertThat(fingerprints(a.id()).size()).isZero();
    }

    @Test
    void concurrentWritersOfDifferentConnectorsDoNotInterfere() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                ids.add(pool.submit(() -> {
                    StoredConnector c = connector(T0.plusSeconds(n), "c" + n);
                    store.save(c);
                    FingerprintIndex f = new FingerprintIndex();
                    f.put(n + 1, n + 100);
                    commitPull(c.id(), new Watermark(T0, Optional.of((long) n)), f);
                    return c.id();
                }));
            }
            for (int i = 0; i < 8; i++) {
                String id = ids.get(i).get();
                assertThat(fingerprints(id).get(i + 1, 0)).isEqualTo(i + 100);
                assertThat(store.watermark(id).orElseThrow().columnValue()).contains((long) i);
            }
            assertThat(store.list()).hasSize(8);
        } finally {
            pool.shutdownNow();
        }
    }

    private static FingerprintIndex index(long key, long fingerprint) {
        FingerprintIndex f = new FingerprintIndex();
        f.put(key, fingerprint);
        return f;
    }

    /** Commits a pull that put these entries, through the store's pull state. */
    protected void commitPull(String id, Watermark watermark, FingerprintIndex entries) {
        try (entries; PullState pull = store.beginPull(id)) {
            entries.forEach(pull::put);
            pull.commit(watermark);
        }
    }

    private static long get(PullState pull, long key) {
        long[] out = new long[1];
        pull.getAll(new long[] {key}, 1, 0, out);
        return out[0];
    }

    /** @return the committed fingerprints of a connector, as a new pull sees them */
    protected Committed fingerprints(String id) {
        return new Committed(id);
    }

    /** Reads a connector's committed fingerprints. */
    protected final class Committed {
        private final String id;

        Committed(String id) {
            this.id = id;
        }

        public long size() {
            return store.fingerprintCount(id);
        }

        public long get(long key, long missing) {
            return IndexLookups.get(store, id, key, missing);
        }

        public boolean contains(long key) {
            return get(key, 0) != 0;
        }
    }
}
