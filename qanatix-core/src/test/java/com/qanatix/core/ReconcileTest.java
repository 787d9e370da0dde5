package com.qanatix.core;

import com.qanatix.core.internal.store.StoreBackends;
import com.qanatix.core.internal.store.StoredConnector;
import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.core.testing.Rows;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reconciliation, resync and backfill through the host API, on an in-memory store. */
class ReconcileTest {
    private static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");
    private static final MultiFernet CIPHER = MultiFernet.of(FernetKey.generate());

    private final ConnectorStore store = ConnectorStore.inMemory();
    private final CollectingSink sink = new CollectingSink();
    private final List<String> events = new ArrayList<>();
    private final PullListener listener = new PullListener() {
        @Override
        public void reconcileStarted(PullInfo pull) {
            events.add("started");
        }

        @Override
        public void reconcileFinished(PullInfo pull, PullResult result) {
            events.add("finished " + result.status().wireName() + " " + result.deletions().orElse(-1));
        }

        @Override
        public void connectorResynced(String connectorId) {
            events.add("resynced");
        }

        @Override
        public void watermarkReset(String connectorId, Watermark watermark) {
            events.add("watermark " + watermark.lastPullStartedAt());
        }
    };
    private final Qanatix qx = qanatix(sink);
    private final String dataset = "ds-" + UUID.randomUUID();

    private Qanatix qanatix(RecordSink target) {
        return Qanatix.builder().cipher(CIPHER).store(store).sink(target).listener(listener).build();
    }

    @AfterEach
    void close() {
        qx.close();
        store.close();
    }

    /** A sink that takes deletions and keeps nothing; tests override {@code delete}. */
    private abstract static class DeletionSink implements RecordSink {
        @Override
        public void write(PullInfo pull, List<IngestRecord> batch) {
        }

        @Override
        public void commit(PullInfo pull) {
        }

        @Override
        public boolean supportsDeletes() {
            return true;
        }
    }

    private Connector connector(DeletionDetection deletes) {
        return qx.connectors().create(ConnectorSpec.builder().name("products").connectorType(ListSourceProvider.TYPE)
                .vertical("retail").entityType("product").query("all").batchSize(2)
                .connectionConfig(Map.of("dataset", dataset)).deletes(deletes).build());
    }

    @Test
    void deletionsReachTheSinkInBatchesWithTheConnectorsVerticalAndEntityType() {
        ListSourceProvider.dataset(dataset, Rows.products(10, T0));
        Connector c = connector(DeletionDetection.withDefaults());
        qx.pull(c.id());
        List<String> calls = new ArrayList<>();
        ListSourceProvider.dataset(dataset, Rows.products(10, T0).subList(0, 5));

        try (Qanatix other = qanatix(new DeletionSink() {
            @Override
            public void delete(PullInfo pull, String vertical, String entityType, List<String> sourceIds) {
                calls.add(vertical + "/" + entityType + " " + sourceIds);
            }
        })) {
            PullResult result = other.reconcile(c.id());

            assertThat(result.deletions()).hasValue(5);
            assertThat(calls).as("batch_size 2").hasSize(3).allSatisfy(call -> assertThat(call).startsWith("retail/product"));
            assertThat(String.join(" ", calls)).contains("6").contains("7").contains("8").contains("9").contains("10");
        }
        assertThat(events).containsSubsequence("started", "finished completed 5");
    }

    @Test
    void aSinkThatTakesNoDeletionsFailsTheReconciliationBeforeAnythingIsRead() {
        ListSourceProvider.dataset(dataset, Rows.products(3, T0));
        Connector c = connector(DeletionDetection.withDefaults());
        qx.pull(c.id());
        int opened = ListSourceProvider.opened(dataset);
        RecordSink old = new RecordSink() {
            @Override
            public void write(PullInfo pull, List<IngestRecord> batch) {
            }

            @Override
            public void commit(PullInfo pull) {
            }
        };

        try (Qanatix withOldSink = qanatix(old)) {
            PullResult result = withOldSink.reconcile(c.id());

            assertThat(result.status()).isEqualTo(PullStatus.FAILED);
            assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("takes no deletions"));
        }
        assertThat(ListSourceProvider.opened(dataset)).isEqualTo(opened);
    }

    @Test
    void aSinkThatFailsDuringDeletionsCommitsNothingAndTheNextReconciliationReportsThemAgain() {
        ListSourceProvider.dataset(dataset, Rows.products(4, T0));
        Connector c = connector(DeletionDetection.withDefaults());
        qx.pull(c.id());
        ListSourceProvider.dataset(dataset, Rows.products(4, T0).subList(0, 3));

        try (Qanatix failing = qanatix(new DeletionSink() {
            @Override
            public void delete(PullInfo pull, String vertical, String entityType, List<String> sourceIds) {
                throw new IllegalStateException("target down");
            }
        })) {
            PullResult result = failing.reconcile(c.id());
            assertThat(result.status()).isEqualTo(PullStatus.FAILED);
            assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("target down"));
        }

        assertThat(qx.reconcile(c.id()).deletions()).hasValue(1);
        assertThat(sink.deletions()).containsExactly("4");
    }

    @Test
    void aConnectorWithoutDeletesCannotBeReconciled() {
        ListSourceProvider.dataset(dataset, Rows.products(3, T0));
        Connector c = connector(null);

        assertThatThrownBy(() -> qx.reconcile(c.id())).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("no deletes field");
    }

    @Test
    void idsIngestedBeforeDeletionDetectionWasOnAreRecordedByTheFirstReconciliation() {
        ListSourceProvider.dataset(dataset, Rows.products(6, T0));
        Connector c = connector(null);
        qx.pull(c.id());
        StoredConnector stored = StoreBackends.of(store).find(c.id()).orElseThrow();
        Connector on = new Connector(c.id(), c.createdAt(), ConnectorDefinition.builder().from(c.definition())
                .deletes(DeletionDetection.withDefaults()).build());
        StoreBackends.of(store).save(new StoredConnector(on, stored.encryptedConfig()));
        ListSourceProvider.dataset(dataset, Rows.products(6, T0).subList(0, 4));

        PullResult capture = qx.reconcile(c.id());
        assertThat(capture.deletions()).as("ids 5 and 6 were never recorded: they cannot be named").hasValue(0);
        assertThat(StoreBackends.of(store).sourceIdCount(c.id())).isEqualTo(4);

        ListSourceProvider.dataset(dataset, Rows.products(6, T0).subList(0, 3));
        assertThat(qx.reconcile(c.id()).deletions()).hasValue(1);
        assertThat(sink.deletions()).containsExactly("4");
    }

    @Test
    void resyncMakesTheNextPullDeliverEveryRowAgain() {
        ListSourceProvider.dataset(dataset, Rows.products(5, T0));
        Connector c = connector(DeletionDetection.withDefaults());
        qx.pull(c.id());
        assertThat(qx.pull(c.id()).duplicatesSkipped()).isEqualTo(5);

        qx.resync(c.id());

        assertThat(qx.watermark(c.id())).isEmpty();
        assertThat(StoreBackends.of(store).sourceIdCount(c.id())).isZero();
        assertThat(qx.pull(c.id()).recordsIngested()).isEqualTo(5);
        assertThat(events).contains("resynced");
    }

    @Test
    void resetWatermarkSetsWhereTheNextPullStarts() {
        ListSourceProvider.dataset(dataset, Rows.products(2, T0));
        Connector c = qx.connectors().create(ConnectorSpec.builder().name("p").connectorType(ListSourceProvider.TYPE)
                .vertical("retail").entityType("product").query("updated_since").watermarkLookbackSeconds(0)
                .connectionConfig(Map.of("dataset", dataset)).build());
        qx.pull(c.id());
        Instant from = Instant.parse("2025-06-01T00:00:00Z");

        Watermark set = qx.resetWatermark(c.id(), from.atOffset(java.time.ZoneOffset.ofHours(2)));
        qx.pull(c.id());

        assertThat(set).isEqualTo(new Watermark(from, Optional.empty()));
        assertThat(ListSourceProvider.lastPulls()).last().isEqualTo(from);
        assertThat(events).contains("watermark " + from);
        assertThatThrownBy(() -> qx.resetWatermark(c.id(), 42L)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("no watermark_column");
    }

    @Test
    void resyncResetAndReconcileWaitForNoPullAndAPullWaitsForThem() throws Exception {
        ListSourceProvider.dataset(dataset, Rows.products(3, T0));
        Connector c = connector(DeletionDetection.withDefaults());
        CountDownLatch gate = new CountDownLatch(1);
        ListSourceProvider.holdNextSource(dataset, gate);
        CompletableFuture<PullResult> running = CompletableFuture.supplyAsync(() -> qx.pull(c.id()));
        while (ListSourceProvider.opened(dataset) == 0) {
            Thread.onSpinWait();
        }

        assertThatThrownBy(() -> qx.resync(c.id())).isInstanceOf(ConnectorBusyException.class);
        assertThatThrownBy(() -> qx.resetWatermark(c.id(), T0)).isInstanceOf(ConnectorBusyException.class);
        assertThat(qx.reconcile(c.id()).status()).isEqualTo(PullStatus.ALREADY_RUNNING);
        gate.countDown();
        assertThat(running.get().recordsIngested()).isEqualTo(3);
    }

    @Test
    void jsonLinesSinkWritesATombstoneLineForEachDeletion() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLinesSink lines = new JsonLinesSink(out);
        PullInfo pull = new PullInfo(UUID.randomUUID(), "c", "products", T0);

        lines.delete(pull, "retail", "product", List.of("p-1", "p-\"2\""));
        lines.commit(pull);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "{\"source_id\":\"p-1\",\"vertical\":\"retail\",\"entity_type\":\"product\",\"deleted\":true}\n"
                + "{\"source_id\":\"p-\\\"2\\\"\",\"vertical\":\"retail\",\"entity_type\":\"product\",\"deleted\":true}\n");
    }

    @Test
    void theDeletesFieldRoundTripsThroughJsonAndUnknownFieldsAreRejected() {
        ConnectorSpec spec = ConnectorSpec.fromJson("""
                {"name": "p", "connector_type": "test-list", "vertical": "retail", "entity_type": "product",
                 "connection_config": {"dataset": "x"}, "query": "all",
                 "deletes": {"query": "all", "max_fraction": 0.2}}""");
        assertThat(spec.definition().deletes()).contains(new DeletionDetection(Optional.of("all"), 0.2));
        Connector c = qx.connectors().create(spec);
        assertThat(c.toJson()).contains("\"deletes\":{\"query\":\"all\",\"max_fraction\":0.2}");
        assertThat(StoreBackends.of(store).find(c.id()).orElseThrow().connector().definition().deletes()).isEqualTo(spec.definition().deletes());

        assertThatThrownBy(() -> ConnectorSpec.fromJson("""
                {"name": "p", "connector_type": "test-list", "vertical": "retail", "entity_type": "product",
                 "connection_config": {"dataset": "x"}, "query": "all", "deletes": {"qeury": "all"}}"""))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("unknown field 'qeury' in deletes");
        assertThatThrownBy(() -> new DeletionDetection(Optional.empty(), 0)).isInstanceOf(InvalidConfigException.class);
    }
}
