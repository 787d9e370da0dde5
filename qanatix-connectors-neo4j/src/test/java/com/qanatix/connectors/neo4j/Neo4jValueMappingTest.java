package com.qanatix.connectors.neo4j;

import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Cypher value type, read from a real Neo4j through the connector's source. */
class Neo4jValueMappingTest {
    private static Neo4jTestServer server;
    private final Neo4jConnectorProvider provider = new Neo4jConnectorProvider();

    @BeforeAll
    static void startServer() {
        server = Neo4jTestServer.start();
        server.execute("MATCH (n) DETACH DELETE n");
        server.execute("CREATE (a:Product:Tagged {sku: 'A', blob: $blob, tags: ['x', 'y'], _labels: 'shadowed'})"
                + "-[:MADE_BY {since: date('2020-05-17')}]->(s:Supplier {name: 'Acme'})"
                + "-[:LOCATED_IN]->(:City {name: 'Oslo'})", "blob", new byte[] {1, 2, (byte) 0xff});
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private List<Map<String, Object>> rows(String query, Object lastPull) {
        PullContext context = PullContext.builder().config(ConnectorConfig.of(server.config())).query(query)
                .parameter(PullContext.LAST_PULL, lastPull).batchSize(10).build();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (RecordSource source = provider.open(context)) {
            source.forEachRemaining(rows::add);
        }
        return rows;
    }

    private Map<String, Object> row(String query) {
        List<Map<String, Object>> rows = rows(query, Instant.EPOCH);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void scalarsBecomeLongDoubleStringBooleanAndNull() {
        Map<String, Object> row = row("RETURN 42 AS i, -9223372036854775808 AS min, 2.5 AS f, 'text' AS s, "
                + "true AS b, null AS n, 1e308 * 10 AS inf");

        assertThat(row).containsOnlyKeys("i", "min", "f", "s", "b", "n", "inf").containsEntry("i", 42L)
                .containsEntry("min", Long.MIN_VALUE).containsEntry("f", 2.5).containsEntry("s", "text")
                .containsEntry("b", true).containsEntry("n", null).containsEntry("inf", Double.POSITIVE_INFINITY);
        assertThat(row.keySet()).containsExactly("i", "min", "f", "s", "b", "n", "inf");
    }

    @Test
    void listsAndMapsAreMappedElementByElement() {
        Map<String, Object> row = row("RETURN [1, 'two', [3.0], {k: date('2024-02-29')}] AS l, "
                + "{a: 1, nested: {b: [true, null]}} AS m, [] AS empty");

        assertThat(row.get("l")).isEqualTo(List.of(1L, "two", List.of(3.0), Map.of("k", LocalDate.of(2024, 2, 29))));
        assertThat(row.get("m")).isEqualTo(Map.of("a", 1L, "nested", Map.of("b", java.util.Arrays.asList(true, null))));
        assertThat(row.get("empty")).isEqualTo(List.of());
    }

    @Test
    void temporalsBecomeJavaTimeAndZonedDateTimesBecomeInstants() {
        Map<String, Object> row = row("RETURN date('2024-02-29') AS d, localtime('12:34:56.789') AS lt, "
                + "time('12:34:56+02:00') AS t, localdatetime('2024-02-29T12:34:56.123456789') AS ldt, "
                + "datetime('2024-02-29T12:34:56+02:00') AS offset_dt, "
                + "datetime({year: 2024, month: 7, day: 1, hour: 9, timezone: 'Europe/Oslo'}) AS zoned_dt");

        assertThat(row).containsEntry("d", LocalDate.of(2024, 2, 29))
                .containsEntry("lt", LocalTime.of(12, 34, 56, 789_000_000))
                .containsEntry("t", OffsetTime.of(12, 34, 56, 0, ZoneOffset.ofHours(2)))
                .containsEntry("ldt", LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_789))
                .containsEntry("offset_dt", Instant.parse("2024-02-29T10:34:56Z"))
                .containsEntry("zoned_dt", Instant.parse("2024-07-01T07:00:00Z"));
    }

    @Test
    void durationsBecomeIso8601StringsOfMonthsDaysAndSeconds() {
        Map<String, Object> row = row("RETURN duration('P1Y2M10DT12H45M30.25S') AS d, duration('PT0S') AS zero");

        assertThat(row).containsEntry("d", "P14M10DT45930.250000000S").containsEntry("zero", "P0M0DT0S");
    }

    @Test
    void pointsBecomeMapsOfSridAndCoordinates() {
        Map<String, Object> row = row("RETURN point({x: 1.5, y: -2}) AS cartesian, "
                + "point({longitude: 10.75, latitude: 59.91, height: 12}) AS wgs84_3d");

        assertThat(row.get("cartesian")).isEqualTo(Map.of("srid", 7203L, "x", 1.5, "y", -2.0));
        assertThat(row.get("wgs84_3d")).isEqualTo(Map.of("srid", 4979L, "x", 10.75, "y", 59.91, "z", 12.0));
    }

    @Test
    void bytesStayByteArrays() {
        Map<String, Object> row = row("MATCH (p:Product) RETURN p.blob AS blob");

        assertThat((byte[]) row.get("blob")).containsExactly(1, 2, 0xff);
    }

    @Test
    void nodesBecomePropertiesPlusLabelsAndElementIdWhichWinOverAPropertyOfTheSameName() {
        @SuppressWarnings("unchecked")
        Map<String, Object> node = (Map<String, Object>) row("MATCH (p:Product) RETURN p").get("p");

        assertThat(node).containsEntry("sku", "A").containsEntry("tags", List.of("x", "y"))
                .containsKey("_element_id");
        assertThat(node.get("_labels")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactlyInAnyOrder("Product", "Tagged");
        assertThat(node.get("_element_id")).isInstanceOf(String.class);
    }

    @Test
    void relationshipsBecomePropertiesPlusTypeAndElementIds() {
        Map<String, Object> row = row("MATCH (p:Product)-[r:MADE_BY]->(s) RETURN r, elementId(p) AS p_id, "
                + "elementId(s) AS s_id, elementId(r) AS r_id");

        assertThat(row.get("r")).isEqualTo(Map.of("since", LocalDate.of(2020, 5, 17), "_type", "MADE_BY",
                "_element_id", row.get("r_id"), "_start_element_id", row.get("p_id"), "_end_element_id", row.get("s_id")));
    }

    @Test
    void pathsBecomeListsOfNodeAndRelationshipMapsInPathOrder() {
        Map<String, Object> row = row("MATCH path = (:Product)-[:MADE_BY]->(:Supplier)-[:LOCATED_IN]->(:City) "
                + "RETURN path");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> path = (List<Map<String, Object>>) row.get("path");
        assertThat(path).hasSize(5);
        assertThat(path.get(0)).containsEntry("sku", "A");
        assertThat(path.get(1)).containsEntry("_type", "MADE_BY")
                .containsEntry("_start_element_id", path.get(0).get("_element_id"));
        assertThat(path.get(2)).containsEntry("name", "Acme").containsEntry("_labels", List.of("Supplier"));
        assertThat(path.get(3)).containsEntry("_type", "LOCATED_IN")
                .containsEntry("_end_element_id", path.get(4).get("_element_id"));
        assertThat(path.get(4)).containsEntry("name", "Oslo");
    }

    @Test
    void nodesInsideListsAreMappedToo() {
        Map<String, Object> row = row("MATCH (n) WITH n ORDER BY coalesce(n.sku, n.name) RETURN collect(n) AS nodes");

        assertThat(row.get("nodes")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .extracting(n -> ((Map<?, ?>) n).get("_labels")).hasSize(3).doesNotContainNull();
    }

    @Test
    void theWatermarkIsBoundWithACypherTypeForEveryKindOfWatermarkValue() {
        String query = "RETURN $last_pull AS v, valueType($last_pull) AS type";

        assertThat(rows(query, Instant.parse("2025-01-02T03:04:05Z")).get(0))
                .containsEntry("v", Instant.parse("2025-01-02T03:04:05Z"))
                .containsEntry("type", "ZONED DATETIME NOT NULL");
        assertThat(rows(query, LocalDateTime.of(2025, 1, 2, 3, 4)).get(0)).containsEntry("type", "LOCAL DATETIME NOT NULL");
        assertThat(rows(query, 17L).get(0)).containsEntry("v", 17L).containsEntry("type", "INTEGER NOT NULL");
        assertThat(rows(query, 2.5).get(0)).containsEntry("v", 2.5).containsEntry("type", "FLOAT NOT NULL");
        assertThat(rows(query, new BigDecimal("12")).get(0)).containsEntry("v", 12L);
        assertThat(rows(query, new BigDecimal("1.25")).get(0)).containsEntry("v", 1.25);
        assertThat(rows(query, LocalDate.of(2025, 1, 2)).get(0)).containsEntry("type", "DATE NOT NULL");
        assertThat(rows(query, "abc").get(0)).containsEntry("v", "abc");
    }

    @Test
    void theSourceStreamsInFetchSizeChunksAndReturnsEveryRow() {
        List<Map<String, Object>> rows = rows("UNWIND range(1, 2345) AS i RETURN i AS id", Instant.EPOCH);

        assertThat(rows).hasSize(2345);
        assertThat(rows.get(2344)).containsEntry("id", 2345L);
    }
}
