package com.qanatix.connectors.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.qanatix.core.CollectingSink;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.IngestRecord;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.bson.BsonBinary;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MongoConnectorTest {
    private static MongoTestServer server;
    private static MongoClient admin;
    private final String database = "shop_" + UUID.randomUUID().toString().substring(0, 8);
    private MongoCollection<Document> products;
    private final ConnectorStore store = ConnectorStore.inMemory();
    private final CollectingSink sink = new CollectingSink();
    private final Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store).sink(sink)
            .build();

    @BeforeAll
    static void startServer() {
        server = MongoTestServer.start();
        admin = MongoClients.create(server.uri());
    }

    @AfterAll
    static void stopServer() {
        admin.close();
        server.close();
    }

    @BeforeEach
    void createCollection() {
        products = admin.getDatabase(database).getCollection("products");
    }

    @AfterEach
    void dropDatabase() {
        qx.close();
        admin.getDatabase(database).drop();
    }

    private String connector(String filter) {
        return connector(filter, Map.of());
    }

    private String connector(String filter, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("uri", server.uri(), "database", database,
                "collection", "products"));
        config.putAll(extra);
        return qx.connectors().create(ConnectorSpec.builder().name("products").connectorType("mongodb")
                .vertical("retail").entityType("product").connectionConfig(config).query(filter).batchSize(2)
                .build()).id();
    }

    @Test
    void fullThenIncrementalPullsBindLastPullAsADateAnywhereInTheFilter() {
        Date old = Date.from(Instant.now().minusSeconds(3600));
        products.insertMany(List.of(
                new Document("_id", 1).append("name", "Anvil").append("status", "active").append("updated_at", old),
                new Document("_id", 2).append("name", "Bolt").append("status", "active").append("updated_at", old),
                new Document("_id", 3).append("name", "Crate").append("status", "retired").append("updated_at", old)));
        String id = connector("{\"status\": \"active\", \"$or\": [{\"updated_at\": {\"$gt\": \":last_pull\"}}, "
                + "{\"touched\": {\"$gt\": \":last_pull\"}}]}");

        PullResult first = qx.pull(id);
        assertThat(first.status()).as(first.toJson()).isEqualTo(PullStatus.COMPLETED);
        assertThat(sink.records()).extracting(IngestRecord::sourceId).containsExactly("1", "2");

        products.updateOne(new Document("_id", 2), new Document("$set", new Document("name", "Bolt v2")
                .append("updated_at", new Date())));
        products.insertOne(new Document("_id", 4).append("name", "Drill").append("status", "active")
                .append("updated_at", new Date()));
        sink.clear();
        PullResult second = qx.pull(id);
        assertThat(second.recordsIngested()).isEqualTo(2);
        assertThat(sink.records()).extracting(IngestRecord::name).containsExactlyInAnyOrder("Bolt v2", "Drill");
        assertThat(qx.pull(id).recordsIngested()).isZero();
    }

    @Test
    void theServersClockNotTheHostsSetsTheWatermark() {
        Date old = Date.from(Instant.now().minusSeconds(3600));
        products.insertOne(new Document("_id", 1).append("name", "Anvil").append("updated_at", old));
        for (Duration skew : List.of(Duration.ofHours(1), Duration.ofHours(-1))) {
            try (Qanatix skewed = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate()))
                    .store(ConnectorStore.inMemory()).sink(sink).clock(Clock.offset(Clock.systemUTC(), skew)).build()) {
                sink.clear();
                products.deleteMany(new Document("_id", new Document("$ne", 1)));
                String id = skewed.connectors().create(ConnectorSpec.builder().name("products").connectorType("mongodb")
                        .vertical("retail").entityType("product").connectionConfig(Map.of("uri", server.uri(),
                                "database", database, "collection", "products"))
                        .query("{\"updated_at\": {\"$gt\": \":last_pull\"}}").watermarkLookbackSeconds(1).build()).id();
                assertThat(skewed.pull(id).recordsIngested()).isEqualTo(1);
                Instant restartAt = skewed.watermark(id).orElseThrow().lastPullStartedAt();
                assertThat(Duration.between(restartAt, Instant.now()).abs()).as("the server's localTime, skew %s", skew)
                        .isLessThan(Duration.ofMinutes(1));

                products.insertOne(new Document("_id", 2).append("name", "Bolt").append("updated_at", new Date()));
                PullResult second = skewed.pull(id);
                PullResult third = skewed.pull(id);

                assertThat(sink.records()).extracting(IngestRecord::sourceId).as("skew %s", skew).containsExactly("1", "2");
                assertThat(second.recordsIngested()).isEqualTo(1);
                assertThat(third.recordsIngested()).isZero();
            }
        }
    }

    @Test
    void aNumericWatermarkColumnBindsANumber() {
        products.insertMany(List.of(new Document("_id", 1).append("name", "a").append("seq", 10L),
                new Document("_id", 2).append("name", "b").append("seq", 20L)));
        String id = qx.connectors().create(ConnectorSpec.builder().name("p").connectorType("mongodb").vertical("v")
                .entityType("e").connectionConfig(Map.of("uri", server.uri(), "database", database, "collection",
                        "products")).query("{\"seq\": {\"$gt\": \":last_pull\"}}").watermarkColumn("seq")
                .watermarkStart("0").build()).id();
        assertThat(qx.pull(id).recordsIngested()).isEqualTo(2);
        products.insertOne(new Document("_id", 3).append("name", "c").append("seq", 30L));
        assertThat(qx.pull(id).recordsPulled()).isEqualTo(1);
        assertThat(qx.watermark(id).orElseThrow().columnValue()).contains(30L);
    }

    @Test
    void everyBsonTypeMapsFaithfully() {
        ObjectId oid = new ObjectId("65a1b2c3d4e5f60718293a4b");
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        Document doc = new Document("_id", oid).append("name", "Grüße ✓")
                .append("i32", Integer.MIN_VALUE).append("i64", Long.MAX_VALUE).append("dbl", 3.141592653589793)
                .append("dec", Decimal128.parse("1234567890123456789.123456789012345"))
                .append("bool", true).append("date", Date.from(Instant.parse("1969-07-20T20:17:40.123Z")))
                .append("ts", new BsonTimestamp(1_700_000_000, 7))
                .append("bin", new Binary(new byte[] {0, 1, (byte) 255}))
                .append("uuid", new BsonBinary(uuid, UuidRepresentation.STANDARD))
                .append("nested", new Document("a", List.of(new Document("b", 1), 2.5, "x")).append("empty", new Document()))
                .append("nothing", null);
        products.insertOne(doc);

        String id = connector("{}");
        PullResult result = qx.pull(id);
        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.COMPLETED);
        IngestRecord r = sink.records().get(0);
        Map<String, Object> d = r.data();
        assertThat(r.sourceId()).isEqualTo("65a1b2c3d4e5f60718293a4b");
        assertThat(d.get("_id")).isEqualTo("65a1b2c3d4e5f60718293a4b");
        assertThat(d.get("i32")).isEqualTo((long) Integer.MIN_VALUE);
        assertThat(d.get("i64")).isEqualTo(Long.MAX_VALUE);
        assertThat(d.get("dbl")).isEqualTo(3.141592653589793);
        assertThat(d.get("dec")).isEqualTo(new BigDecimal("1234567890123456789.123456789012345"));
        assertThat(d.get("bool")).isEqualTo(true);
        assertThat(d.get("date")).isEqualTo(Instant.parse("1969-07-20T20:17:40.123Z"));
        assertThat(d.get("ts")).isEqualTo(Map.of("t", 1_700_000_000L, "i", 7L));
        assertThat((byte[]) d.get("bin")).containsExactly(0, 1, 255);
        assertThat(d.get("uuid")).isEqualTo(uuid);
        assertThat(d.get("nested")).isEqualTo(Map.of("a", List.of(Map.of("b", 1L), 2.5, "x"), "empty", Map.of()));
        assertThat(d).containsEntry("nothing", null);
        assertThat(r.name()).isEqualTo("Grüße ✓");
        assertThat(new ArrayList<>(d.keySet())).startsWith("_id", "name", "i32", "i64");
    }

    @Test
    void canonicalExtendedJsonFiltersAreUnderstood() {
        products.insertMany(List.of(new Document("_id", 1).append("name", "a").append("n", 5L),
                new Document("_id", 2).append("name", "b").append("n", 50L)));
        String id = connector("{\"n\": {\"$gt\": {\"$numberLong\": \"10\"}}}");
        qx.pull(id);
        assertThat(sink.records()).extracting(IngestRecord::sourceId).containsExactly("2");
    }

    @Test
    void malformedUrisFiltersAndMissingNamesAreRejectedAtCreateTimeWithoutEchoingThePassword() {
        assertThatThrownBy(() -> qx.connectors().create(ConnectorSpec.builder().name("p").connectorType("mongodb")
                .vertical("v").entityType("e").query("{}").connectionConfig(Map.of("uri",
                        "mongodb://u:S3cret-Mongo@host:notaport", "database", "d", "collection", "c")).build()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("connection_config.uri")
                .hasMessageNotContaining("S3cret-Mongo");
        assertThatThrownBy(() -> connector("{\"status\": "))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("query is not a valid JSON");
        assertThatThrownBy(() -> qx.connectors().create(ConnectorSpec.builder().name("p").connectorType("mongodb")
                .vertical("v").entityType("e").query("{}").connectionConfig(Map.of("uri", server.uri(),
                        "collection", "c")).build()))
                .hasMessageContaining("connection_config.database is required");
        assertThat(qx.connectors().list()).isEmpty();
    }

    @Test
    void anUnreachableServerFailsWithinTheSelectionTimeoutAndCommitsNothing() {
        String id = qx.connectors().create(ConnectorSpec.builder().name("p").connectorType("mongodb").vertical("v")
                .entityType("e").query("{}").connectionConfig(Map.of("uri", "mongodb://u:S3cret-Mongo@127.0.0.1:1",
                        "database", "d", "collection", "c", "server_selection_timeout_ms", 500)).build()).id();
        long start = System.nanoTime();
        PullResult result = qx.pull(id);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        assertThat(result.status()).isEqualTo(PullStatus.FAILED);
        assertThat(result.error().orElseThrow()).doesNotContain("S3cret-Mongo");
        assertThat(qx.watermark(id)).isEmpty();
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aServerThatAcceptsButNeverAnswersFailsWithinTheSelectionTimeoutAndCommitsNothing() throws Exception {
        // The backlog accepts TCP connections; nothing ever answers the driver's hello.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String id = qx.connectors().create(ConnectorSpec.builder().name("p").connectorType("mongodb").vertical("v")
                    .entityType("e").query("{}").connectionConfig(Map.of("uri", "mongodb://u:S3cret-Mongo@127.0.0.1:"
                            + silent.getLocalPort(), "database", "d", "collection", "c",
                            "server_selection_timeout_ms", 1000)).build()).id();
            long start = System.nanoTime();
            PullResult result = qx.pull(id);
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms, with a 1 s selection timeout")
                    .isLessThan(10_000);
            assertThat(result.status()).isEqualTo(PullStatus.FAILED);
            assertThat(result.error().orElseThrow()).doesNotContain("S3cret-Mongo");
            assertThat(qx.watermark(id)).isEmpty();
        }
    }

    @Test
    void aFilterTheServerRejectsFailsThePull() {
        products.insertOne(new Document("_id", 1).append("name", "a"));
        PullResult result = qx.pull(connector("{\"name\": {\"$nosuchoperator\": 1}}"));
        assertThat(result.status()).isEqualTo(PullStatus.FAILED);
        assertThat(result.error().orElseThrow()).containsIgnoringCase("nosuchoperator");
    }

    @Test
    void theConnectionDroppingMidPullFailsItAndTheNextPullDeliversEverything() {
        org.junit.jupiter.api.Assumptions.assumeTrue(server.inProcess(),
                "crashing the server mid-pull needs the in-process server");
        insertFifty();
        String id = connector("{}");
        PullResult result = qx.pull(id, new PullListener() {
            @Override
            public void progress(PullInfo pull, long pulled, long ingested, long batches) {
                if (batches == 2) {
                    server.crashAndRestart();
                }
            }
        });
        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.FAILED);
        assertThat(qx.watermark(id)).isEmpty();
        assertThat(sink.records()).isEmpty();
        admin.close(); // its pooled connections died with the server
        admin = MongoClients.create(server.uri());
        products = admin.getDatabase(database).getCollection("products");
        insertFifty(); // the restarted in-process server starts empty
        assertThat(qx.pull(id).recordsIngested()).isEqualTo(50);
    }

    @Test
    void theClientIsClosedAfterEveryPullSuccessfulOrNot() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(server.inProcess()
                && java.nio.file.Files.exists(java.nio.file.Path.of("/proc/net/tcp")),
                "counting connections needs the in-process server and Linux's /proc/net/tcp");
        insertFifty();
        int port = Integer.parseInt(server.uri().substring(server.uri().lastIndexOf(':') + 1));
        long before = openConnectionsTo(port);
        String ok = connector("{}");
        String rejected = connector("{\"name\": {\"$nosuchoperator\": 1}}");
        for (int i = 0; i < 3; i++) {
            assertThat(qx.pull(ok).status()).isEqualTo(PullStatus.COMPLETED);
            assertThat(qx.pull(rejected).status()).isEqualTo(PullStatus.FAILED);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (openConnectionsTo(port) > before && System.nanoTime() < deadline) {
            Thread.sleep(20); // the server side notices closed sockets asynchronously
        }
        assertThat(openConnectionsTo(port)).isEqualTo(before);
    }

    /** Client-side TCP connections in state ESTABLISHED to a local port, from /proc/net/tcp and tcp6. */
    private static long openConnectionsTo(int port) throws java.io.IOException {
        String hexPort = String.format(":%04X", port);
        long n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            java.nio.file.Path path = java.nio.file.Path.of(table);
            if (!java.nio.file.Files.exists(path)) {
                continue;
            }
            for (String line : java.nio.file.Files.readAllLines(path)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[2].endsWith(hexPort) && f[3].equals("01")) {
                    n++;
                }
            }
        }
        return n;
    }

    private void insertFifty() {
        for (int i = 0; i < 50; i++) {
            products.insertOne(new Document("_id", i).append("name", "p" + i));
        }
    }
}
