package com.qanatix.core.store;

import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.FingerprintIndex;
import com.qanatix.core.StoredConnector;
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

/** What every {@link ConnectorStore} must do; each implementation runs it against its own backend. */
public abstract class ConnectorStoreContract {
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");
    protected ConnectorStore store;

    /** @return a new, empty store */
    protected abstract ConnectorStore newStore();

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
        Connector c = new Connector(UUID.randomUUID().toString(), createdAt, name, "postgresql", "retail", "product",
                "SELECT * FROM products WHERE updated_at > :last_pull -- ünïcødé '" + "x".repeat(5000) + "'",
                "name", 5000, "sku", "updated_at", 300, null, "*/5 * * * *");
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
        assertThat(store.fingerprints(a.id()).size()).isZero();

        FingerprintIndex first = new FingerprintIndex();
        first.put(1, 10);
        first.put(2, 20);
        store.commitPull(a.id(), new Watermark(T0, Optional.empty()), first);
        FingerprintIndex second = new FingerprintIndex();
        second.put(2, 21);
        second.put(-3, Long.MIN_VALUE);
        store.commitPull(a.id(), new Watermark(T0.plusSeconds(60), Optional.of(T0.plusSeconds(5))), second);

        FingerprintIndex loaded = store.fingerprints(a.id());
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
            store.commitPull(a.id(), new Watermark(T0, Optional.of(value)), new FingerprintIndex());
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
        store.commitPull(a.id(), new Watermark(T0, Optional.empty()), many);

        FingerprintIndex loaded = store.fingerprints(a.id());
        assertThat(loaded.size()).isEqualTo(50_000);
        assertThat(loaded.get(777 * 0x9E3779B97F4A7C15L, 0)).isEqualTo(777);
    }

    @Test
    void theFingerprintsAPullReadsCannotChangeTheStore() {
        StoredConnector a = connector(T0, "a");
        store.save(a);
        store.commitPull(a.id(), new Watermark(T0, Optional.empty()), index(1, 1));
        try (FingerprintIndex read = store.fingerprints(a.id())) {
            try {
                read.put(5, 5); // a copy may take it; a view refuses it
            } catch (UnsupportedOperationException refused) {
                // a read-only view
            }
        }
        try (FingerprintIndex again = store.fingerprints(a.id())) {
            assertThat(again.size()).isEqualTo(1);
            assertThat(again.contains(5)).isFalse();
            assertThat(again.get(1, 0)).isEqualTo(1);
        }
    }

    @Test
    void deleteDropsTheConnectorItsWatermarkAndFingerprints() {
        StoredConnector a = connector(T0, "a");
        StoredConnector b = connector(T0, "b");
        store.save(a);
        store.save(b);
        store.commitPull(a.id(), new Watermark(T0, Optional.empty()), index(1, 1));
        store.commitPull(b.id(), new Watermark(T0, Optional.empty()), index(1, 1)); // a store owns what it is handed

        assertThat(store.delete(a.id())).isTrue();
        assertThat(store.delete(a.id())).isFalse();
        assertThat(store.find(a.id())).isEmpty();
        assertThat(store.watermark(a.id())).isEmpty();
        assertThat(store.fingerprints(a.id()).size()).isZero();
        assertThat(store.fingerprints(b.id()).size()).isEqualTo(1);
    }

    @Test
    void aCommitForADeletedConnectorLeavesNothingBehind() {
        StoredConnector a = connector(T0, "a");
        store.save(a);
        store.delete(a.id());
        FingerprintIndex f = new FingerprintIndex();
        f.put(1, 1);
        store.commitPull(a.id(), new Watermark(T0, Optional.empty()), f);

        assertThat(store.watermark(a.id())).isEmpty();
        assertThat(store.fingerprints(a.id()).size()).isZero();
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
                    store.commitPull(c.id(), new Watermark(T0, Optional.of((long) n)), f);
                    return c.id();
                }));
            }
            for (int i = 0; i < 8; i++) {
                String id = ids.get(i).get();
                assertThat(store.fingerprints(id).get(i + 1, 0)).isEqualTo(i + 100);
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
}
