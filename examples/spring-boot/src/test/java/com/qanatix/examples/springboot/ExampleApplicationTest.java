package com.qanatix.examples.springboot;

import com.qanatix.core.Qanatix;
import com.qanatix.core.testing.TestDatabase;
import com.qanatix.crypto.FernetKey;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example application against the local PostgreSQL, in a database of its own: the connectors
 * come from application.yml, the scheduler pulls them into the sink, and the Actuator endpoints
 * show it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExampleApplicationTest {
    private static final TestDatabase DB = TestDatabase.postgres();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::jdbcUrl);
        registry.add("example.source-dsn", ExampleApplicationTest::sourceDsn);
        registry.add("qanatix.encryption-keys", () -> FernetKey.generate().encoded());
        registry.add("example.schedule", () -> "every 1s");
        registry.add("qanatix.scheduler.tick", () -> "100ms");
        registry.add("qanatix.scheduler.backoff-base", () -> "1s");
        registry.add("qanatix.scheduler.backoff-cap", () -> "1s");
        registry.add("qanatix.health.failure-threshold", () -> "2");
    }

    /** jdbc:postgresql://host:port/db?user=u[&password=p] as the DSN the postgresql connector type reads. */
    private static String sourceDsn() {
        URI url = URI.create(DB.jdbcUrl().substring("jdbc:".length()));
        String user = "";
        String password = "";
        for (String param : url.getQuery().split("&")) {
            String[] kv = param.split("=", 2);
            if (kv[0].equals("user")) {
                user = kv[1];
            } else if (kv[0].equals("password") && kv.length > 1) {
                password = ":" + kv[1];
            }
        }
        return "postgresql://" + user + password + "@" + url.getHost() + ":" + url.getPort() + url.getPath();
    }

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    Qanatix qanatix;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ConnectorsFromConfiguration connectorsFromConfiguration;

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int ingested(String entityType) {
        return jdbc.queryForObject("SELECT count(*) FROM ingested_records WHERE entity_type = ?", Integer.class,
                entityType);
    }

    @Test
    @Order(1)
    void theConfiguredConnectorsAreCreatedOnceAndPulledOnTheirSchedule() throws Exception {
        assertThat(qanatix.connectors().list()).extracting(c -> c.definition().name())
                .containsExactlyInAnyOrder("products", "orders");
        // A second start against the same store keeps them.
        connectorsFromConfiguration.run(null);
        assertThat(qanatix.connectors().list()).hasSize(2);

        await().atMost(Duration.ofSeconds(60)).until(() -> ingested("product") == 25 && ingested("order") == 12);
        assertThat(jdbc.queryForObject("SELECT data->>'sku' FROM ingested_records WHERE entity_type = 'product' "
                + "AND source_id = '7'", String.class)).isEqualTo("SKU-7");
    }

    @Test
    @Order(2)
    void healthAndPrometheusShowThePulls() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(health.body(), "$.components.qanatix.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health.body(), "$.components.qanatix.details.connectors.products.lastStatus"))
                .isEqualTo("completed");
        assertThat(health.body()).doesNotContain(DB.name());

        String prometheus = get("/actuator/prometheus").body();
        List<String> lines = prometheus.lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("qanatix_pulls_total{")
                && l.contains("connector=\"products\"") && l.contains("status=\"completed\"")
                && l.contains("type=\"postgresql\""));
        assertThat(lines).anyMatch(l -> l.startsWith("qanatix_records_ingested_total{")
                && l.contains("connector=\"products\"") && l.contains("status=\"completed\"") && l.endsWith(" 25.0"));
        assertThat(lines).anyMatch(l -> l.startsWith("qanatix_pull_duration_seconds_bucket{"));
        assertThat(lines).anyMatch(l -> l.startsWith("qanatix_watermark_lag_seconds{") && l.contains("orders"));
        assertThat(prometheus).doesNotContain(DB.name());
    }

    @Test
    @Order(3)
    void healthGoesDownWhenAConnectorKeepsFailing() throws Exception {
        jdbc.execute("ALTER TABLE shop_orders RENAME TO shop_orders_gone");

        await().atMost(Duration.ofSeconds(60)).until(() -> get("/actuator/health").statusCode() == 503);
        String body = get("/actuator/health").body();
        assertThat(JsonPath.<String>read(body, "$.components.qanatix.status")).isEqualTo("DOWN");
        assertThat(JsonPath.<String>read(body, "$.components.qanatix.details.connectors.orders.problem"))
                .startsWith("failed its last");
        assertThat(JsonPath.<String>read(body, "$.components.qanatix.details.connectors.products.lastStatus"))
                .isEqualTo("completed");
        assertThat(body).doesNotContain(DB.name()).doesNotContain("shop_orders_gone");
    }
}
