package com.qanatix.connectors.neo4j;

import com.qanatix.core.CollectingSink;
import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.testing.LogCapture;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input fails with a clear, redacted error, and a failed pull commits nothing. */
class Neo4jBadInputTest {
    private static final String PASSWORD = "Pw-should-never-show-9";
    private static Neo4jTestServer server;

    private final ConnectorStore store = ConnectorStore.inMemory();
    private final CollectingSink sink = new CollectingSink();
    private final Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store).sink(sink)
            .build();

    @BeforeAll
    static void startServer() {
        server = Neo4jTestServer.start();
        server.execute("MATCH (n) DETACH DELETE n");
        server.execute("UNWIND range(1, 5) AS i CREATE (:Product {sku: 'SKU-' + i, name: 'Product ' + i})");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeSdk() {
        qx.close();
    }

    private ConnectorSpec.Builder spec(Map<String, Object> config, String query) {
        return ConnectorSpec.builder().name("bad").connectorType("neo4j").vertical("retail").entityType("product")
                .connectionConfig(config).query(query);
    }

    private PullResult pull(Map<String, Object> config, String query) {
        Connector c = qx.connectors().create(spec(config, query).build());
        PullResult result = qx.pull(c.id());
        assertThat(result.status()).isEqualTo(PullStatus.FAILED);
        assertThat(qx.watermark(c.id())).as("nothing committed").isEmpty();
        assertThat(sink.commits()).isZero();
        assertThat(result.error()).isPresent();
        assertThat(result.error().get()).doesNotContain(PASSWORD);
        return result;
    }

    private static Map<String, Object> config(String uri) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("uri", uri);
        return config;
    }

    @Test
    void aCypherSyntaxErrorFailsThePullNamingTheError() {
        PullResult result = pull(server.config(), "MATCH (p:Product RETURN p.sku AS id");

        assertThat(result.error().get()).contains("Neo4j rejected the query", "Neo.ClientError.Statement.SyntaxError");
    }

    @Test
    void aMissingDatabaseFailsThePullNamingTheDatabaseKey() {
        Map<String, Object> config = server.config();
        config.put("database", "nosuchdb");

        PullResult result = pull(config, "MATCH (p:Product) RETURN p.sku AS id");

        assertThat(result.error().get()).contains("database 'nosuchdb' does not exist", "connection_config.database");
    }

    @Test
    void anUnreachableServerFailsFastWithTheAddressAndNoPassword() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> config = config("bolt://127.0.0.1:" + closedPort);
        config.put("user", "neo4j");
        config.put("password", PASSWORD);
        config.put("connection_timeout_seconds", 2);
        long t0 = System.nanoTime();

        PullResult result;
        try (LogCapture logs = new LogCapture()) {
            result = pull(config, "MATCH (p:Product) RETURN p.sku AS id");
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }

        assertThat(result.error().get()).contains("cannot reach Neo4j at 127.0.0.1:" + closedPort);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(15);
    }

    @Test
    void aServerThatNeverAnswersIsGivenUpAfterTheConnectionTimeout() throws IOException {
        // A socket that accepts TCP connections (backlog) but never speaks Bolt.
        try (ServerSocket silent = new ServerSocket(0)) {
            Map<String, Object> config = config("bolt://127.0.0.1:" + silent.getLocalPort());
            config.put("connection_timeout_seconds", 2);
            long t0 = System.nanoTime();

            PullResult result = pull(config, "MATCH (p:Product) RETURN p.sku AS id");

            assertThat(result.error().get()).contains("cannot reach Neo4j at 127.0.0.1:" + silent.getLocalPort());
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
        }
    }

    @Test
    void aQueryThatWritesIsRefusedByTheReadTransaction() {
        PullResult result = pull(server.config(), "CREATE (p:Product {sku: 'written'}) RETURN p.sku AS id");

        assertThat(result.error().get()).contains("read transaction");
        assertThat(server.connectionUserAgents()).noneMatch(a -> a.startsWith("qanatix"));
    }

    @Test
    void aFailureMidStreamCommitsNothing() {
        PullResult result = pull(server.config(),
                "MATCH (p:Product) WITH p ORDER BY p.sku RETURN p.sku AS id, p.name AS name, "
                        + "10 / (5 - toInteger(substring(p.sku, 4))) AS x");

        assertThat(result.error().get()).contains("/ by zero");
        assertThat(result.recordsPulled()).isEqualTo(4);
    }

    @Test
    void aMissingSourceIdColumnFailsWithTheResultColumns() {
        PullResult result = pull(server.config(), "MATCH (p:Product) RETURN p.sku AS sku");

        assertThat(result.error().get()).contains("source_id_column", "sku");
    }

    @Test
    void aMalformedUriIsRejectedAtCreateWithoutEchoingIt() {
        Map<String, Object> config = config("bolt://neo4j:" + PASSWORD + "@host name:7687");

        assertThatThrownBy(() -> qx.connectors().create(spec(config, "RETURN 1 AS id").build()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("connection_config.uri")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        assertThat(qx.connectors().list()).isEmpty();
    }

    @Test
    void credentialsInsideTheUriAreRejectedAtCreateWithoutEchoingThem() {
        Map<String, Object> config = config("bolt://neo4j:" + PASSWORD + "@localhost:7687");

        assertThatThrownBy(() -> qx.connectors().create(spec(config, "RETURN 1 AS id").build()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("must not contain credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }

    @Test
    void anUnsupportedSchemeIsRejectedAtCreate() {
        assertThatThrownBy(() -> qx.connectors().create(spec(config("http://localhost:7474"), "RETURN 1 AS id").build()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("connection_config.uri must use one of the schemes")
                .hasMessageContaining("'http'");
    }

    @Test
    void aQueryWithoutReturnIsRejectedAtCreate() {
        assertThatThrownBy(() -> qx.connectors().create(spec(server.config(),
                "MATCH (p:Product) WHERE p.name = 'RETURN' // RETURN p\n").build()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("no RETURN clause");
    }

    @Test
    void anUnknownParameterIsRejectedAtCreate() {
        assertThatThrownBy(() -> qx.connectors().create(spec(server.config(),
                "MATCH (p:Product) WHERE p.sku = $sku RETURN p").build()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("$sku");
    }

    @Test
    void aPasswordWithoutUserIsRejectedAtCreateWithoutEchoingIt() {
        Map<String, Object> config = config(server.uri());
        config.put("password", PASSWORD);

        assertThatThrownBy(() -> qx.connectors().create(spec(config, "RETURN 1 AS id").build()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("connection_config.user is required")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }
}
