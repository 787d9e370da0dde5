package com.qanatix.connectors.neo4j;

import com.qanatix.core.CollectingSink;
import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Full and incremental pulls of a product/supplier graph through the public API, on a real Neo4j. */
class Neo4jPullTest {
    /** Rows are stamped on the server's clock (the in-process server's is this machine's). */
    private static final Instant SEEDED = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(30));
    /** The host's clock, set far from the server's: watermarks must not follow it. */
    private static final Instant FIRST_PULL = Instant.parse("2025-02-01T00:00:00Z");
    private static final Instant SECOND_PULL = Instant.parse("2025-03-01T00:00:00Z");
    private static final String PRODUCTS = "MATCH (p:Product)-[:MADE_BY]->(s:Supplier) WHERE p.updated_at > $last_pull "
            + "RETURN p.sku AS id, p.name AS name, p.price AS price, p.stock AS stock, p.updated_at AS updated_at, "
            + "s.name AS supplier ORDER BY p.sku";

    private static Neo4jTestServer server;

    private final SettableClock clock = new SettableClock(FIRST_PULL);
    private final ConnectorStore store = ConnectorStore.inMemory();
    private final CollectingSink sink = new CollectingSink();
    private Qanatix qx;

    @BeforeAll
    static void startServer() {
        server = Neo4jTestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void seedGraph() {
        server.execute("MATCH (n) DETACH DELETE n");
        server.execute("UNWIND range(1, 12) AS i "
                + "MERGE (s:Supplier {name: 'Supplier ' + (i % 3)}) "
                + "CREATE (p:Product {sku: 'SKU-' + right('00' + toString(i), 2), name: 'Product ' + i, "
                + "price: i * 1.5, stock: i * 10, updated_at: $seeded})-[:MADE_BY]->(s)",
                "seeded", SEEDED.atZone(ZoneOffset.UTC));
        qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store).sink(sink).clock(clock).build();
    }

    @AfterEach
    void closeSdk() {
        qx.close();
    }

    private Connector connector(String query, int batchSize) {
        return qx.connectors().create(ConnectorSpec.builder().name("products").connectorType("neo4j")
                .vertical("retail").entityType("product").connectionConfig(server.config()).query(query)
                .batchSize(batchSize).watermarkLookbackSeconds(0).build());
    }

    @Test
    void aFullPullDeliversEveryProductWithItsSupplierAsNormalizedValues() {
        Connector c = connector(PRODUCTS, 5);

        PullResult result = qx.pull(c.id());

        assertThat(result.status()).as(result.toString()).isEqualTo(PullStatus.COMPLETED);
        assertThat(result.recordsPulled()).isEqualTo(12);
        assertThat(result.recordsIngested()).isEqualTo(12);
        assertThat(sink.commits()).isEqualTo(1);
        List<IngestRecord> records = sink.records();
        assertThat(records).extracting(IngestRecord::sourceId).first().isEqualTo("SKU-01");
        IngestRecord first = records.get(0);
        assertThat(first.name()).isEqualTo("Product 1");
        assertThat(first.data()).containsExactly(Map.entry("id", "SKU-01"), Map.entry("name", "Product 1"),
                Map.entry("price", 1.5), Map.entry("stock", 10L), Map.entry("updated_at", SEEDED),
                Map.entry("supplier", "Supplier 1"));
        assertThat(qx.watermark(c.id())).as("the server's clock, not the host's").hasValueSatisfying(w ->
                assertThat(Duration.between(w.lastPullStartedAt(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1)));
    }

    @Test
    void anIncrementalPullBindsTheLastPullAsAUtcDateTimeAndDeliversOnlyChangedProducts() {
        Connector c = connector(PRODUCTS, 5);
        assertThat(qx.pull(c.id()).recordsIngested()).isEqualTo(12);
        Instant firstPull = qx.watermark(c.id()).orElseThrow().lastPullStartedAt();
        sink.clear();
        // Stored with a zone other than UTC: the comparison with $last_pull is by instant.
        Instant stamped = Instant.now().plusMillis(5).truncatedTo(ChronoUnit.MILLIS);
        ZonedDateTime updated = stamped.atZone(java.time.ZoneId.of("Europe/Berlin"));
        server.execute("MATCH (p:Product) WHERE p.sku IN ['SKU-03', 'SKU-07'] SET p.updated_at = $t, p.stock = 0",
                "t", updated);
        server.execute("MATCH (s:Supplier {name: 'Supplier 0'}) CREATE (:Product {sku: 'SKU-13', name: 'Product 13', "
                + "price: 2.0, stock: 1, updated_at: $t})-[:MADE_BY]->(s)", "t", updated);
        clock.set(SECOND_PULL);

        PullResult result = qx.pull(c.id());

        assertThat(result.status()).isEqualTo(PullStatus.COMPLETED);
        assertThat(sink.records()).extracting(IngestRecord::sourceId).containsExactly("SKU-03", "SKU-07", "SKU-13");
        assertThat(sink.records().get(0).data()).containsEntry("stock", 0L).containsEntry("updated_at", stamped);
        assertThat(qx.watermark(c.id())).hasValueSatisfying(w ->
                assertThat(w.lastPullStartedAt()).isAfter(firstPull).isBefore(Instant.now()));
    }

    @Test
    void aNumericWatermarkColumnIsBoundAsAnInteger() {
        server.execute("MATCH (p:Product) SET p.version = toInteger(substring(p.sku, 4))");
        Connector c = qx.connectors().create(ConnectorSpec.builder().name("by-version").connectorType("neo4j")
                .vertical("retail").entityType("product").connectionConfig(server.config())
                .query("MATCH (p:Product) WHERE p.version > $last_pull RETURN p.sku AS id, p.name AS name, "
                        + "p.version AS version ORDER BY p.version")
                .watermarkColumn("version").watermarkStart("4").batchSize(3).build());

        PullResult first = qx.pull(c.id());
        server.execute("MATCH (p:Product {sku: 'SKU-02'}) SET p.version = 20, p.name = 'Renamed'");
        sink.clear();
        PullResult second = qx.pull(c.id());

        assertThat(first.recordsIngested()).isEqualTo(8);
        assertThat(second.recordsIngested()).isEqualTo(1);
        assertThat(sink.records()).extracting(IngestRecord::name).containsExactly("Renamed");
        assertThat(qx.watermark(c.id()).flatMap(w -> w.columnValue())).contains(20L);
    }

    @Test
    void nodesReturnedWholeBecomeMapsOfTheirPropertiesLabelsAndElementId() {
        Connector c = qx.connectors().create(ConnectorSpec.builder().name("nodes").connectorType("neo4j")
                .vertical("retail").entityType("product").connectionConfig(server.config())
                .query("MATCH (p:Product)-[m:MADE_BY]->(s:Supplier) RETURN p.sku AS id, p.name AS name, p, m, s "
                        + "ORDER BY id LIMIT 1")
                .build());

        PullResult result = qx.pull(c.id());

        assertThat(result.status()).as(result.toString()).isEqualTo(PullStatus.COMPLETED);
        Map<String, Object> data = sink.records().get(0).data();
        @SuppressWarnings("unchecked")
        Map<String, Object> product = (Map<String, Object>) data.get("p");
        @SuppressWarnings("unchecked")
        Map<String, Object> madeBy = (Map<String, Object>) data.get("m");
        @SuppressWarnings("unchecked")
        Map<String, Object> supplier = (Map<String, Object>) data.get("s");
        assertThat(product).containsEntry("sku", "SKU-01").containsEntry("_labels", List.of("Product"))
                .containsKey("_element_id");
        assertThat(madeBy).containsEntry("_type", "MADE_BY")
                .containsEntry("_start_element_id", product.get("_element_id"))
                .containsEntry("_end_element_id", supplier.get("_element_id"));
        assertThat(supplier).containsEntry("name", "Supplier 1");
    }

    @Test
    void anUnchangedRePullIsAllDuplicates() {
        Connector c = connector(PRODUCTS.replace("p.updated_at > $last_pull", "true"), 4);
        qx.pull(c.id());
        clock.set(SECOND_PULL);

        PullResult again = qx.pull(c.id());

        assertThat(again.recordsPulled()).isEqualTo(12);
        assertThat(again.duplicatesSkipped()).isEqualTo(12);
        assertThat(again.recordsIngested()).isZero();
    }

    @Test
    void everyPullClosesItsDriverSoTheServerHoldsNoConnectionOrTransactionOfTheConnector() {
        Connector c = connector(PRODUCTS, 2);
        qx.pull(c.id());
        qx.pull(c.id());
        Connector broken = connector("MATCH (p:Product) RETURN p.sku AS id, 1/0 AS boom", 2);
        assertThat(qx.pull(broken.id()).status()).isEqualTo(PullStatus.FAILED);

        assertThat(server.connectionUserAgents()).noneMatch(agent -> agent.startsWith("qanatix-connectors-neo4j"));
        assertThat(server.runningTransactionMetadata()).noneMatch(m -> "qanatix-connectors-neo4j".equals(m.get("app")));
    }

    @Test
    void whileASourceIsOpenTheServerListsItsConnectionAndReadTransactionAndAfterCloseNeither() {
        Neo4jConnectorProvider provider = new Neo4jConnectorProvider();
        PullContext context = PullContext.builder().connectorId("c-42").config(ConnectorConfig.of(server.config()))
                .query(PRODUCTS).batchSize(2).build();

        try (RecordSource source = provider.open(context)) {
            assertThat(source.hasNext()).isTrue();
            source.next();
            assertThat(server.connectionUserAgents()).anyMatch(agent -> agent.startsWith("qanatix-connectors-neo4j"));
            assertThat(server.runningTransactionMetadata())
                    .contains(Map.of("app", "qanatix-connectors-neo4j", "connector_id", "c-42"));
        }

        assertThat(server.connectionUserAgents()).noneMatch(agent -> agent.startsWith("qanatix-connectors-neo4j"));
        assertThat(server.runningTransactionMetadata()).noneMatch(m -> "qanatix-connectors-neo4j".equals(m.get("app")));
    }
}
