package com.qanatix.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.testing.IngestTestServer;
import com.qanatix.core.testing.IngestTestServer.Answer;
import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.core.testing.LogCapture;
import com.qanatix.core.testing.Rows;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QanatixIngestSinkTest {
    private static final String KEY = "qx_test_" + UUID.randomUUID().toString().replace("-", "");
    private static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final IngestTestServer server = newServer();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final String dataset = "ds-" + UUID.randomUUID();

    private static IngestTestServer newServer() {
        try {
            return new IngestTestServer(KEY);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
        server.close();
    }

    private QanatixIngestSink.Builder sinkBuilder() {
        return QanatixIngestSink.builder().baseUrl(server.baseUrl()).apiKey(KEY)
                .backoff(Duration.ofMillis(20), Duration.ofSeconds(5));
    }

    private QanatixIngestSink sink(QanatixIngestSink.Builder builder) {
        QanatixIngestSink sink = builder.build();
        closeAfter.add(sink);
        return sink;
    }

    private Qanatix qanatix(RecordSink sink) {
        Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(ConnectorStore.inMemory())
                .sink(sink).build();
        closeAfter.add(qx);
        return qx;
    }

    private Connector connector(Qanatix qx, int batchSize) {
        return qx.connectors().create(ConnectorSpec.builder().name("products").connectorType(ListSourceProvider.TYPE)
                .vertical("retail").entityType("product").query("all").batchSize(batchSize)
                .connectionConfig(Map.of("dataset", dataset)).build());
    }

    private static PullInfo pull() {
        return new PullInfo(UUID.randomUUID(), "c1", "products", Instant.EPOCH);
    }

    private static IngestRecord record(int i) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", (long) i);
        data.put("price", new BigDecimal("1234567890.000000001"));
        data.put("ratio", 0.1 + 0.2);
        data.put("updated_at", Instant.parse("2026-01-02T03:04:05.123456Z"));
        data.put("local", LocalDateTime.parse("2026-01-02T03:04:05.5"));
        data.put("day", LocalDate.parse("2026-01-02"));
        data.put("blob", new byte[] {0, 1, (byte) 0xFF});
        data.put("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        data.put("tags", List.of("a", "ü", "😀"));
        data.put("attrs", Map.of("color", "red", "nested", List.of(1L, Map.of())));
        data.put("missing", null);
        data.put("quote", "\"\\\n\t");
        return new IngestRecord(Integer.toString(i), i % 7 == 0 ? null : "Product " + i, "retail", "product", data);
    }

    private static List<IngestRecord> records(int from, int count) {
        List<IngestRecord> batch = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            batch.add(record(i));
        }
        return batch;
    }

    @Test
    void everyRecordArrivesExactlyAsTheNdjsonSinkWritesIt() throws Exception {
        QanatixIngestSink sink = sink(sinkBuilder());
        List<IngestRecord> batch = records(1, 500);
        PullInfo pull = pull();
        sink.write(pull, batch.subList(0, 250));
        sink.write(pull, batch.subList(250, 500));
        sink.commit(pull);

        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        JsonLinesSink lines = new JsonLinesSink(ndjson);
        lines.write(pull, batch);
        lines.commit(pull);
        List<String> expected = ndjson.toString(StandardCharsets.UTF_8).lines().toList();

        assertThat(server.violations()).isEmpty();
        assertThat(server.received()).extracting(IngestTestServer.Received::path)
                .containsOnly("/api/v1/ingest/retail/product/batch");
        Map<String, IngestTestServer.Stored> stored = new LinkedHashMap<>(); // two requests in flight: any order
        server.stored().forEach(s -> stored.put(s.record().get("source_id").textValue(), s));
        assertThat(server.stored()).hasSize(500);
        for (String text : expected) {
            ObjectNode line = (ObjectNode) JSON.readTree(text);
            IngestTestServer.Stored got = stored.get(line.get("source_id").textValue());
            assertThat(got.vertical()).isEqualTo(line.remove("vertical").textValue());
            assertThat(got.entityType()).isEqualTo(line.remove("entity_type").textValue());
            assertThat(got.record()).isEqualTo(line);
        }
        assertThat(stored.get("7").record().get("name").isNull()).isTrue();
        assertThat(stored.get("1").record().get("vertical_data").get("price").decimalValue())
                .isEqualTo(new BigDecimal("1234567890.000000001"));
    }

    @Test
    void aBatchAboveTenThousandRecordsIsSplitIntoRequestsWithinTheLimit() {
        List<IngestReceipt> receipts = new CopyOnWriteArrayList<>();
        QanatixIngestSink sink = sink(sinkBuilder().listener(new PullListener() {
            @Override
            public void ingestAccepted(PullInfo pull, IngestReceipt receipt) {
                receipts.add(receipt);
            }
        }));
        PullInfo pull = pull();
        List<IngestRecord> batch = new ArrayList<>();
        for (int i = 1; i <= 25_000; i++) {
            batch.add(new IngestRecord(Integer.toString(i), "Product " + i, "retail", "product", Map.of("id", (long) i)));
        }
        sink.write(pull, batch);
        sink.commit(pull);

        assertThat(server.violations()).isEmpty();
        assertThat(server.received()).extracting(IngestTestServer.Received::records)
                .containsExactlyInAnyOrder(10_000, 10_000, 5_000);
        assertThat(new java.util.TreeSet<>(server.stored().stream().map(s -> s.record().get("source_id").textValue())
                .toList())).hasSize(25_000).isEqualTo(new java.util.TreeSet<>(batch.stream().map(IngestRecord::sourceId).toList()));
        assertThat(receipts).hasSize(3).allSatisfy(r -> {
            assertThat(r.ingestionId()).isNotEmpty();
            assertThat(r.status()).isEqualTo("accepted");
            assertThat(r.recordCount()).isEqualTo(r.recordsSent());
            assertThat(r.duplicateCount()).isZero();
        });
    }

    @Test
    void aBatchAboveTheByteLimitIsSplitAndEveryRecordArrivesOnceInOrder() {
        server.maxBytes(64 * 1024);
        QanatixIngestSink sink = sink(sinkBuilder().maxInFlight(1).maxBytesPerRequest(64 * 1024));
        PullInfo pull = pull();
        sink.write(pull, records(1, 2_000));
        sink.commit(pull);

        assertThat(server.violations()).isEmpty();
        assertThat(server.received()).hasSizeGreaterThan(5)
                .allSatisfy(r -> assertThat(r.bytes()).isLessThanOrEqualTo(64 * 1024));
        assertThat(server.stored()).extracting(s -> s.record().get("source_id").textValue())
                .containsExactlyElementsOf(records(1, 2_000).stream().map(IngestRecord::sourceId).toList());
    }

    @Test
    void rateLimitedAndFailingRequestsAreRetriedAndThePullCompletes() {
        ListSourceProvider.dataset(dataset, Rows.products(30, T0));
        server.script(new Answer.TooManyRequests(1), new Answer.Status(500, "{\"detail\":\"boom\"}"),
                new Answer.Status(503, ""), new Answer.Drop());
        Qanatix qx = qanatix(sink(sinkBuilder().maxInFlight(1)));

        PullResult result = qx.pull(connector(qx, 10).id());

        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.COMPLETED);
        assertThat(result.recordsIngested()).isEqualTo(30);
        assertThat(server.stored()).extracting(s -> s.record().get("source_id").textValue())
                .containsExactlyElementsOf(Rows.products(30, T0).stream().map(r -> r.get("id").toString()).toList());
        List<IngestTestServer.Received> received = server.received();
        assertThat(received).extracting(IngestTestServer.Received::answered)
                .containsExactly(429, 500, 503, 0, 202, 202, 202);
        assertThat(Duration.ofNanos(received.get(1).startNanos() - received.get(0).startNanos()))
                .as("the retry waits for Retry-After: 1").isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }

    @Test
    void anUnauthorizedRequestFailsThePullAtOnceWithAClearMessageAndNoKey() {
        ListSourceProvider.dataset(dataset, Rows.products(30, T0));
        String wrongKey = "qx_wrong_" + UUID.randomUUID().toString().replace("-", "");
        try (LogCapture logs = new LogCapture()) {
            QanatixIngestSink sink = sink(sinkBuilder().apiKey(wrongKey).maxInFlight(1));
            Qanatix qx = qanatix(sink);

            PullResult result = qx.pull(connector(qx, 10).id());

            assertThat(result.status()).isEqualTo(PullStatus.FAILED);
            assertThat(result.error()).hasValueSatisfying(error -> assertThat(error)
                    .contains("HTTP 401", "Invalid API key", "QANATIX_API_KEY", "/api/v1/ingest/retail/product/batch")
                    .doesNotContain(wrongKey));
            assertThat(server.received()).as("a 401 is not retried").hasSize(1);
            assertThat(sink.toString()).doesNotContain(wrongKey).contains(server.baseUrl());
            assertThat(logs.text()).doesNotContain(wrongKey);
        }
    }

    @Test
    void aStalledServerFailsThePullWithinTheRequestTimeout() {
        ListSourceProvider.dataset(dataset, Rows.products(30, T0));
        server.script(new Answer.Stall());
        Qanatix qx = qanatix(sink(sinkBuilder().requestTimeout(Duration.ofSeconds(1))));

        long t0 = System.nanoTime();
        PullResult result = qx.pull(connector(qx, 10).id());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(result.status()).isEqualTo(PullStatus.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("did not answer", "request timeout"));
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void nothingIsCommittedAfterAFailedBatchAndTheNextPullDeliversEverythingAgain() {
        ListSourceProvider.dataset(dataset, Rows.products(30, T0));
        server.script(new Answer.Accept(), new Answer.Status(400, "{\"detail\":\"vertical_data too deep\"}"));
        Qanatix qx = qanatix(sink(sinkBuilder().maxInFlight(1)));
        Connector c = connector(qx, 10);
        int lastPullsBefore = ListSourceProvider.lastPulls().size();

        PullResult failed = qx.pull(c.id());
        assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("HTTP 400", "vertical_data too deep"));

        PullResult again = qx.pull(c.id());
        assertThat(again.status()).isEqualTo(PullStatus.COMPLETED);
        assertThat(again.recordsIngested()).as("no fingerprint was committed").isEqualTo(30);
        assertThat(again.duplicatesSkipped()).isZero();
        assertThat(ListSourceProvider.lastPulls().subList(lastPullsBefore, lastPullsBefore + 2))
                .as("no watermark was committed: both pulls start from the beginning")
                .containsExactly(Instant.EPOCH, Instant.EPOCH);
        assertThat(server.stored()).extracting(s -> s.record().get("source_id").textValue())
                .containsAll(Rows.products(30, T0).stream().map(r -> r.get("id").toString()).toList());

        PullResult third = qx.pull(c.id());
        assertThat(third.recordsIngested()).as("after a completed pull, the records are committed").isZero();
    }

    @Test
    void writeHandsBatchesOffAndAtMostMaxInFlightRequestsRunAtOnce() {
        server.latency(Duration.ofMillis(300));
        QanatixIngestSink sink = sink(sinkBuilder().maxInFlight(2));
        PullInfo pull = pull();

        long t0 = System.nanoTime();
        sink.write(pull, records(1, 100));
        sink.write(pull, records(101, 100));
        Duration handedOff = Duration.ofNanos(System.nanoTime() - t0);
        for (int b = 2; b < 8; b++) {
            sink.write(pull, records(1 + 100 * b, 100));
        }
        sink.commit(pull);
        Duration all = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(handedOff).as("two writes return before their requests are answered").isLessThan(Duration.ofMillis(300));
        assertThat(server.maxConcurrent()).isEqualTo(2);
        assertThat(server.stored()).hasSize(800);
        assertThat(all).as("8 requests of 300 ms, two at a time").isGreaterThanOrEqualTo(Duration.ofMillis(1200));
    }

    @Test
    void abortCancelsTheRequestsInFlightAndLaterPullsStillDeliver() {
        server.script(new Answer.Stall());
        QanatixIngestSink sink = sink(sinkBuilder().maxInFlight(1).requestTimeout(Duration.ofSeconds(4)));
        PullInfo stalled = pull();
        sink.write(stalled, records(1, 10));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.received().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(server.received()).as("the stalled request reached the server").hasSize(1);
        long t0 = System.nanoTime();
        sink.abort(stalled, "source failed");

        PullInfo next = pull();
        sink.write(next, records(11, 10));
        sink.commit(next);

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the in-flight permit came back at once")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(server.stored()).hasSize(10);
    }

    @Test
    void theBuilderValidatesItsSettings() {
        assertThatThrownBy(() -> QanatixIngestSink.builder().apiKey(KEY).build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("base URL is required");
        assertThatThrownBy(() -> QanatixIngestSink.builder().baseUrl("ftp://x").apiKey(KEY).build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> QanatixIngestSink.builder().baseUrl("https://user:secret@x").apiKey(KEY).build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("must not hold credentials")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> sinkBuilder().maxRecordsPerRequest(10_001).build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("10000");
        assertThatThrownBy(() -> sinkBuilder().maxBytesPerRequest(51L * 1024 * 1024).build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("50 MB");
        assertThatThrownBy(() -> sinkBuilder().maxInFlight(0).build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> sinkBuilder().apiKey("two words").build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("API key")
                .hasMessageNotContaining("two words");
        if (System.getenv(QanatixIngestSink.API_KEY_VARIABLE) == null) {
            assertThatThrownBy(() -> QanatixIngestSink.builder().baseUrl(server.baseUrl()).build())
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("QANATIX_API_KEY");
        }
    }

    @Test
    void aRecordLargerThanARequestFailsThePullSayingWhich() {
        QanatixIngestSink sink = sink(sinkBuilder().maxBytesPerRequest(1024));
        IngestRecord huge = new IngestRecord("big-1", "Big", "retail", "product", Map.of("text", "x".repeat(2000)));

        assertThatThrownBy(() -> sink.write(pull(), List.of(record(1), huge)))
                .isInstanceOf(SinkException.class).hasMessageContaining("big-1").hasMessageContaining("1024");
    }
}
