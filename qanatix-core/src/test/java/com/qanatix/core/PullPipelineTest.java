package com.qanatix.core;

import com.qanatix.core.internal.store.FingerprintPages;
import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.core.testing.Rows;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PullPipelineTest {
    private static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final ConnectorStore store = ConnectorStore.inMemory();
    private final FlakySink sink = new FlakySink();
    private final Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store)
            .sink(sink).clock(clock).build();
    private final String dataset = "ds-" + UUID.randomUUID();

    private Connector connector(String query, int batchSize) {
        return qx.connectors().create(ConnectorSpec.builder().name("products").connectorType(ListSourceProvider.TYPE)
                .vertical("retail").entityType("product").query(query).batchSize(batchSize)
                .connectionConfig(Map.of("dataset", dataset)).build());
    }

    @Test
    void aFullPullDeliversEveryRowInBatchesAndReportsCounts() {
        ListSourceProvider.dataset(dataset, Rows.products(25, T0));
        Connector c = connector("all", 10);

        PullResult result = qx.pull(c.id());

        assertThat(result.status()).isEqualTo(PullStatus.COMPLETED);
        assertThat(result.recordsPulled()).isEqualTo(25);
        assertThat(result.recordsIngested()).isEqualTo(25);
        assertThat(result.duplicatesSkipped()).isZero();
        assertThat(sink.batchSizes).containsExactly(10, 10, 5);
        IngestRecord first = sink.committed.get(0);
        assertThat(first.sourceId()).isEqualTo("1");
        assertThat(first.name()).isEqualTo("Product 1");
        assertThat(first.vertical()).isEqualTo("retail");
        assertThat(first.entityType()).isEqualTo("product");
        assertThat(first.data()).containsEntry("sku", "SKU-1").containsEntry("updated_at", T0);
        assertThat(result.toJson()).startsWith("{\"status\":\"completed\",\"records_pulled\":25,"
                + "\"records_ingested\":25,\"duplicates_skipped\":0,\"duration_seconds\":");
    }

    @Test
    void anUnchangedRePullSkipsEverythingAsDuplicates() {
        ListSourceProvider.dataset(dataset, Rows.products(25, T0));
        Connector c = connector("all", 10);
        qx.pull(c.id());
        sink.committed.clear();

        PullResult again = qx.pull(c.id());

        assertThat(again.recordsPulled()).isEqualTo(25);
        assertThat(again.recordsIngested()).isZero();
        assertThat(again.duplicatesSkipped()).isEqualTo(25);
        assertThat(sink.committed).isEmpty();
    }

    @Test
    void aPullAfterSomeRowsChangedIngestsOnlyThose() {
        List<Map<String, Object>> rows = Rows.products(20, T0);
        ListSourceProvider.dataset(dataset, rows);
        Connector c = connector("all", 10);
        qx.pull(c.id());
        sink.committed.clear();

        rows.set(3, Rows.product(4, "Product 4 renamed", T0));
        rows.get(7).put("price", new java.math.BigDecimal("1.00"));
        rows.add(Rows.product(21, "Product 21", T0));
        ListSourceProvider.dataset(dataset, rows);
        PullResult result = qx.pull(c.id());

        assertThat(result.recordsPulled()).isEqualTo(21);
        assertThat(result.recordsIngested()).isEqualTo(3);
        assertThat(result.duplicatesSkipped()).isEqualTo(18);
        assertThat(sink.committed).extracting(IngestRecord::sourceId).containsExactly("4", "8", "21");
    }

    @Test
    void anExactRepeatWithinOnePullIsSkipped() {
        List<Map<String, Object>> rows = Rows.products(3, T0);
        rows.add(Rows.product(2, "Product 2", T0));
        ListSourceProvider.dataset(dataset, rows);

        PullResult result = qx.pull(connector("all", 10).id());

        assertThat(result.recordsPulled()).isEqualTo(4);
        assertThat(result.recordsIngested()).isEqualTo(3);
        assertThat(result.duplicatesSkipped()).isEqualTo(1);
    }

    @Test
    void lastPullIsTheEpochFirstThenTheLastStartMinusTheLookback() {
        ListSourceProvider.dataset(dataset, Rows.products(5, T0.minusSeconds(3600)));
        Connector c = connector("updated_since", 10);

        qx.pull(c.id());
        clock.advance(Duration.ofHours(1));
        qx.pull(c.id());

        List<Object> seen = ListSourceProvider.lastPulls();
        assertThat(seen.subList(seen.size() - 2, seen.size()))
                .containsExactly(Instant.EPOCH, T0.minusSeconds(300));
    }

    @Test
    void aRowCommittedLateWithinTheLookbackIsNotLost() {
        List<Map<String, Object>> rows = Rows.products(5, T0.minusSeconds(60));
        ListSourceProvider.dataset(dataset, rows);
        Connector c = connector("updated_since", 10);
        qx.pull(c.id());
        sink.committed.clear();

        // A transaction that started before the pull commits a row stamped 2 minutes before it.
        rows.add(Rows.product(6, "Late", T0.minusSeconds(120)));
        ListSourceProvider.dataset(dataset, rows);
        clock.advance(Duration.ofMinutes(1));
        PullResult result = qx.pull(c.id());

        assertThat(sink.committed).extracting(IngestRecord::sourceId).containsExactly("6");
        assertThat(result.duplicatesSkipped()).isEqualTo(5);
    }

    @Test
    void aWatermarkColumnCarriesTheLargestValueSeenAndRereadsTheLookbackBelowIt() {
        List<Map<String, Object>> rows = Rows.products(3, T0);
        rows.get(1).put("updated_at", T0.plusSeconds(50));
        ListSourceProvider.dataset(dataset, rows);
        Connector c = qx.connectors().create(ConnectorSpec.builder().name("p").connectorType(ListSourceProvider.TYPE)
                .vertical("retail").entityType("product").query("updated_since").watermarkColumn("updated_at")
                .connectionConfig(Map.of("dataset", dataset)).build());

        qx.pull(c.id());
        qx.pull(c.id());
        rows.add(Rows.product(4, "new", T0.plusSeconds(60)));
        ListSourceProvider.dataset(dataset, rows);
        PullResult third = qx.pull(c.id());
        qx.pull(c.id());

        List<Object> seen = ListSourceProvider.lastPulls();
        assertThat(seen.subList(seen.size() - 4, seen.size()))
                .containsExactly(Instant.EPOCH, T0.plusSeconds(50 - 300), T0.plusSeconds(50 - 300),
                        T0.plusSeconds(60 - 300));
        assertThat(third.recordsIngested()).isEqualTo(1);
        assertThat(store.backend().watermark(c.id()).orElseThrow().columnValue()).contains(T0.plusSeconds(60));
    }

    @Test
    void aNumericWatermarkColumnGoesBackItsLookbackInTheColumnsUnits() {
        List<Map<String, Object>> rows = Rows.products(3, T0);
        for (Map<String, Object> row : rows) {
            row.put("seq", 100L + Long.parseLong(row.get("id").toString()));
        }
        ListSourceProvider.dataset(dataset, rows);
        Connector c = qx.connectors().create(ConnectorSpec.fromJson("""
                {"name": "p", "connector_type": "%s", "vertical": "retail", "entity_type": "product",
                 "query": "all", "watermark_column": "seq", "watermark_start": 0, "watermark_lookback": 2.5,
                 "connection_config": {"dataset": "%s"}}""".formatted(ListSourceProvider.TYPE, dataset)));

        qx.pull(c.id());
        PullResult again = qx.pull(c.id());

        List<Object> seen = ListSourceProvider.lastPulls();
        assertThat(seen.subList(seen.size() - 2, seen.size())).as("103 - 2.5, rounded down").containsExactly(0L, 100L);
        assertThat(again.recordsIngested()).isZero();
        assertThat(c.definition().watermarkLookback()).contains(new java.math.BigDecimal("2.5"));
        assertThat(qx.connectors().get(c.id()).orElseThrow().toJson()).contains("\"watermark_lookback\":2.5");
    }

    @Test
    void aSourceFailureMidPullCommitsNothingAndTheNextPullDeliversEverything() {
        ListSourceProvider.dataset(dataset, Rows.products(30, T0));
        Connector c = connector("all", 10);
        ListSourceProvider.failAfter(dataset, 25);

        PullResult failed = qx.pull(c.id());

        assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
        assertThat(failed.recordsPulled()).isEqualTo(25);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("lost after 25 rows"));
        assertThat(failed.toJson()).contains("\"status\":\"failed\"", "\"error\":");
        assertThat(store.backend().watermark(c.id())).isEmpty();
        assertThat(store.backend().fingerprintCount(c.id())).isZero();
        assertThat(sink.aborts).isEqualTo(1);
        assertThat(sink.committed).isEmpty();
        assertThat(ListSourceProvider.openSources()).isZero();

        ListSourceProvider.failAfter(dataset, -1);
        PullResult next = qx.pull(c.id());
        assertThat(next.status()).isEqualTo(PullStatus.COMPLETED);
        assertThat(next.recordsIngested()).isEqualTo(30);
        assertThat(sink.committed).hasSize(30);
    }

    @Test
    void readingAheadOnAThreadOfItsOwnChangesNoResultAndNoFailureHandling() {
        try (Qanatix ahead = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store)
                .sink(sink).clock(clock).readAhead(true).build()) {
            ListSourceProvider.dataset(dataset, Rows.products(1_000, T0));
            Connector c = ahead.connectors().create(ConnectorSpec.builder().name("products")
                    .connectorType(ListSourceProvider.TYPE).vertical("retail").entityType("product").query("all")
                    .batchSize(64).connectionConfig(Map.of("dataset", dataset)).build());
            ListSourceProvider.failAfter(dataset, 700);

            PullResult failed = ahead.pull(c.id());

            assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
            assertThat(failed.recordsPulled()).isEqualTo(700);
            assertThat(store.backend().watermark(c.id())).isEmpty();
            assertThat(sink.committed).isEmpty();
            assertThat(ListSourceProvider.openSources()).isZero();

            ListSourceProvider.failAfter(dataset, -1);
            PullResult next = ahead.pull(c.id());

            assertThat(next.recordsIngested()).isEqualTo(1_000);
            assertThat(sink.committed).extracting(IngestRecord::sourceId).startsWith("1", "2", "3").endsWith("1000");
            assertThat(ahead.pull(c.id()).duplicatesSkipped()).isEqualTo(1_000);
        }
    }

    @Test
    void eachConnectorTypeSaysWhetherItReadsAheadAndTheHostCanOverrideIt() {
        ThreadProbe ahead = new ThreadProbe("reads-ahead", true);
        ThreadProbe inline = new ThreadProbe("reads-inline", false);
        try (Qanatix byType = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).sink(new CollectingSink())
                .provider(ahead).provider(inline).build();
             Qanatix never = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).sink(new CollectingSink())
                     .provider(ahead).provider(inline).readAhead(false).build()) {
            String caller = Thread.currentThread().getName();

            assertThat(pullAndNameReaders(byType, ahead)).singleElement().asString().endsWith("-reader");
            assertThat(pullAndNameReaders(byType, inline)).containsExactly(caller);
            assertThat(pullAndNameReaders(never, ahead)).containsExactly(caller);
        }
    }

    private static java.util.Set<String> pullAndNameReaders(Qanatix qx, ThreadProbe type) {
        type.readers.clear();
        Connector c = qx.connectors().create(ConnectorSpec.builder().name("probe").connectorType(type.type)
                .vertical("v").entityType("e").query("all").connectionConfig(Map.of("host", "local")).build());
        assertThat(qx.pull(c.id()).recordsIngested()).isEqualTo(3);
        return java.util.Set.copyOf(type.readers);
    }

    /** A connector type of three rows that notes the threads reading them. */
    private static final class ThreadProbe implements com.qanatix.core.spi.ConnectorProvider {
        final String type;
        final boolean readAhead;
        final java.util.Set<String> readers = java.util.concurrent.ConcurrentHashMap.newKeySet();

        ThreadProbe(String type, boolean readAhead) {
            this.type = type;
            this.readAhead = readAhead;
        }

        @Override
        public String connectorType() {
            return type;
        }

        @Override
        public boolean readAhead() {
            return readAhead;
        }

        @Override
        public void validate(com.qanatix.core.spi.ConnectorConfig config, String query) {
        }

        @Override
        public com.qanatix.core.spi.RecordSource open(com.qanatix.core.spi.PullContext context) {
            return new com.qanatix.core.spi.RecordSource() {
                private int next = 1;

                @Override
                public boolean hasNext() {
                    return next <= 3;
                }

                @Override
                public Map<String, Object> next() {
                    readers.add(Thread.currentThread().getName());
                    return Map.of("id", next++, "name", "row");
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void closingAnInstanceClosesTheDefaultStoreAndGivesItsIndexMemoryBack() {
        ListSourceProvider.dataset(dataset, Rows.products(20_000, T0));
        Qanatix own = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).sink(sink).build();
        Connector c = own.connectors().create(ConnectorSpec.builder().name("products")
                .connectorType(ListSourceProvider.TYPE).vertical("retail").entityType("product").query("all")
                .connectionConfig(Map.of("dataset", dataset)).build());
        assertThat(own.pull(c.id()).recordsIngested()).isEqualTo(20_000);
        long pooled = FingerprintPages.pooledBytes();

        own.close();

        assertThat(FingerprintPages.pooledBytes()).as("the index's full pages, back in the pool").isGreaterThan(pooled);
    }

    @Test
    void aSourceIdRepeatedWithinOnePullIsComparedWithItsLastIngestedContent() {
        List<Map<String, Object>> rows = new ArrayList<>();
        String[] sequence = {"1:a", "1:b", "1:b", "2:x", "1:a", "2:x", "3:y", "1:a", "3:z", "3:z", "1:b", "2:x"};
        for (String s : sequence) {
            String[] idAndName = s.split(":");
            rows.add(Map.of("id", idAndName[0], "name", idAndName[1], "updated_at", T0));
        }
        ListSourceProvider.dataset(dataset, rows);

        PullResult first = qx.pull(connector("all", 3).id());

        // Chunks of eight rows: repeats fall inside one chunk and across two.
        assertThat(sink.committed).extracting(r -> r.sourceId() + ":" + r.name())
                .containsExactly("1:a", "1:b", "2:x", "1:a", "3:y", "3:z", "1:b");
        assertThat(first.recordsIngested()).isEqualTo(7);
        assertThat(first.duplicatesSkipped()).isEqualTo(5);
    }

    @Test
    void aSinkFailureMidPullCommitsNothingAndTheNextPullDeliversEverything() {
        ListSourceProvider.dataset(dataset, Rows.products(30, T0));
        Connector c = connector("all", 10);
        sink.failOnBatch = 2;

        PullResult failed = qx.pull(c.id());

        assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("sink is full"));
        assertThat(store.backend().watermark(c.id())).isEmpty();
        assertThat(store.backend().fingerprintCount(c.id())).isZero();
        assertThat(ListSourceProvider.openSources()).isZero();

        sink.failOnBatch = -1;
        PullResult next = qx.pull(c.id());
        assertThat(next.status()).isEqualTo(PullStatus.COMPLETED);
        assertThat(next.recordsIngested()).isEqualTo(30);
        assertThat(sink.committed).hasSize(30);
    }

    @Test
    void aMissingNameOrSourceIdColumnFailsThePullClearly() {
        ListSourceProvider.dataset(dataset, Rows.products(3, T0));
        Connector noName = qx.connectors().create(ConnectorSpec.builder().name("p").connectorType(ListSourceProvider.TYPE)
                .vertical("retail").entityType("product").query("all").nameColumn("title")
                .connectionConfig(Map.of("dataset", dataset)).build());
        Connector noId = qx.connectors().create(ConnectorSpec.builder().name("p").connectorType(ListSourceProvider.TYPE)
                .vertical("retail").entityType("product").query("all").sourceIdColumn("uuid")
                .connectionConfig(Map.of("dataset", dataset)).build());

        assertThat(qx.pull(noName.id()).error()).hasValueSatisfying(e ->
                assertThat(e).contains("name_column 'title' is not in the query's result"));
        assertThat(qx.pull(noId.id()).error()).hasValueSatisfying(e ->
                assertThat(e).contains("source_id_column 'uuid' is not in the query's result"));
    }

    @Test
    void aSecondPullOfARunningConnectorReportsAlreadyRunning() throws Exception {
        ListSourceProvider.dataset(dataset, Rows.products(5, T0));
        Connector c = connector("all", 1);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<PullResult> results = new ArrayList<>();
        Thread t = new Thread(() -> results.add(qx.pull(c.id(), new PullListener() {
            @Override
            public void progress(PullInfo pull, long pulled, long ingested, long batches) {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        })));
        t.start();
        inside.await();

        assertThat(qx.pull(c.id()).status()).isEqualTo(PullStatus.ALREADY_RUNNING);
        assertThat(PullResult.alreadyRunning().toJson()).contains("\"status\":\"already_running\"");
        release.countDown();
        t.join();
        assertThat(results.get(0).status()).isEqualTo(PullStatus.COMPLETED);
    }

    @Test
    void listenersSeeProgressAfterEveryBatch() {
        ListSourceProvider.dataset(dataset, Rows.products(25, T0));
        Connector c = connector("all", 10);
        List<Long> progress = new ArrayList<>();
        AtomicInteger finished = new AtomicInteger();

        qx.pull(c.id(), new PullListener() {
            @Override
            public void progress(PullInfo pull, long pulled, long ingested, long batches) {
                progress.add(ingested);
            }

            @Override
            public void pullFinished(PullInfo pull, PullResult result) {
                finished.incrementAndGet();
            }
        });

        assertThat(progress).containsExactly(10L, 20L, 25L);
        assertThat(finished).hasValue(1);
    }

    @Test
    void deletingAConnectorDropsItsWatermarkAndFingerprints() {
        ListSourceProvider.dataset(dataset, Rows.products(5, T0));
        Connector c = connector("all", 10);
        qx.pull(c.id());
        assertThat(store.backend().fingerprintCount(c.id())).isEqualTo(5);

        qx.connectors().delete(c.id());

        assertThat(store.backend().watermark(c.id())).isEmpty();
        assertThat(store.backend().fingerprintCount(c.id())).isZero();
    }

    /** Records batches; fails on a chosen batch. */
    static final class FlakySink implements RecordSink {
        final List<Integer> batchSizes = new ArrayList<>();
        final List<IngestRecord> committed = new ArrayList<>();
        private final List<IngestRecord> pending = new ArrayList<>();
        int failOnBatch = -1;
        int aborts;
        private int batches;

        @Override
        public void write(PullInfo pull, List<IngestRecord> batch) {
            if (++batches == failOnBatch) {
                throw new IllegalStateException("sink is full");
            }
            batchSizes.add(batch.size());
            pending.addAll(batch);
        }

        @Override
        public void commit(PullInfo pull) {
            committed.addAll(pending);
            pending.clear();
        }

        @Override
        public void abort(PullInfo pull, String reason) {
            pending.clear();
            aborts++;
        }
    }
}
