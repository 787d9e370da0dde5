package com.qanatix.connectors.jdbc;

import com.qanatix.core.CollectingSink;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.IngestRecord;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The generic {@code jdbc} type on an embedded H2 database (what the demo uses):
 * {@link JdbcConnectorContract}, and what a database reached through a plain JDBC URL has.
 */
class GenericJdbcConnectorTest extends JdbcConnectorContract {
    private static final String PASSWORD = "h2-secret";
    // DATABASE_TO_LOWER: H2 otherwise reports unquoted column names in upper case (ID, NAME).
    private static final String URL = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
    private static Connection keepAlive;

    @BeforeAll
    static void createDatabase() throws Exception {
        keepAlive = DriverManager.getConnection(URL, "sa", PASSWORD);
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE TABLE products (id BIGINT PRIMARY KEY, name VARCHAR(100), sku VARCHAR(20), "
                    + "price DECIMAL(12,2), released DATE, attrs JSON, updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        try (Statement s = keepAlive.createStatement()) {
            s.execute("SHUTDOWN");
        }
        keepAlive.close();
    }

    @Override
    String connectorType() {
        return "jdbc";
    }

    @Override
    Map<String, Object> config() {
        return Map.of("url", URL, "user", "sa", "password", PASSWORD);
    }

    @Override
    String password() {
        return PASSWORD;
    }

    @Override
    void execute(String... sql) {
        try (Statement s = keepAlive.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    String stampNow() {
        return "CURRENT_TIMESTAMP";
    }

    @Override
    String stampHourAgo() {
        return "CURRENT_TIMESTAMP - INTERVAL '1' HOUR";
    }

    /** @return H2's sessions besides the one this class keeps open */
    @Override
    long openSessions() {
        try (Statement s = keepAlive.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            rs.next();
            return rs.getLong(1) - 1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void h2DecimalsDatesJsonAndTimestampsMapToTheirNormalizedTypes() {
        execute("INSERT INTO products (id, name, price, released, attrs, updated_at) VALUES "
                + "(1, 'Anvil', 10.50, DATE '2020-01-02', JSON '{\"w\": 3}', CURRENT_TIMESTAMP)");

        PullResult result = pulls.qx.pull(connector("SELECT id, name, price, released, attrs, updated_at FROM products"));

        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.COMPLETED);
        IngestRecord anvil = pulls.takeRecords().get(0);
        assertThat(anvil.data()).containsEntry("price", new BigDecimal("10.50"))
                .containsEntry("released", LocalDate.of(2020, 1, 2)).containsEntry("attrs", Map.of("w", 3L));
        assertThat(anvil.data().get("updated_at")).isInstanceOf(Instant.class);
    }

    @Test
    void theDatabasesClockNotAHostClockAnHourAheadSetsTheWatermark() {
        execute("INSERT INTO products (id, name, updated_at) VALUES (1, 'Anvil', CURRENT_TIMESTAMP - INTERVAL '1' HOUR)");
        CollectingSink sink = new CollectingSink();
        try (Qanatix ahead = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate()))
                .store(ConnectorStore.inMemory()).sink(sink)
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1))).build()) {
            String id = ahead.connectors().create(ConnectorSpec.builder().name("products").connectorType("jdbc")
                    .vertical("retail").entityType("product")
                    .connectionConfig(config())
                    .query("SELECT id, name, updated_at FROM products WHERE updated_at > :last_pull").build()).id();
            assertThat(ahead.pull(id).recordsIngested()).isEqualTo(1);
            assertThat(Duration.between(ahead.watermark(id).orElseThrow().lastPullStartedAt(), Instant.now()).abs())
                    .as("SELECT CURRENT_TIMESTAMP, not the host's clock").isLessThan(Duration.ofMinutes(1));

            execute("INSERT INTO products (id, name, updated_at) VALUES (2, 'Bolt', CURRENT_TIMESTAMP)");
            PullResult second = ahead.pull(id);

            assertThat(second.recordsIngested()).isEqualTo(1);
            assertThat(sink.records()).extracting(IngestRecord::sourceId).containsExactly("1", "2");
        }
    }

    @Test
    void aMalformedUrlIsRejectedAtCreateTime() {
        assertThatThrownBy(() -> pulls.create("jdbc", Map.of("url", "h2:mem:x"), "SELECT 1"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("JDBC URL");
    }

    @Test
    void aWrongPasswordFailsWithoutEchoingIt() {
        String id = pulls.create("jdbc", Map.of("url", URL, "user", "sa", "password", "wrong-h2-secret"),
                "SELECT id, name FROM products");
        PullResult result = pulls.qx.pull(id);
        assertThat(result.status()).isEqualTo(PullStatus.FAILED);
        assertThat(result.error().orElseThrow()).doesNotContain("wrong-h2-secret");
    }

    @Test
    void lowerCaseColumnSettingsMatchTheUpperCaseColumnsOfADatabaseThatFoldsIdentifiersUp() throws Exception {
        String upper = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(upper, "sa", "h2-secret"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(20), updated_at TIMESTAMP WITH TIME ZONE)");
            s.execute("INSERT INTO items VALUES (1, 'Anvil', CURRENT_TIMESTAMP), (2, 'Bolt', CURRENT_TIMESTAMP)");
            String byDefault = pulls.create("jdbc", Map.of("url", upper, "user", "sa", "password", "h2-secret"),
                    "SELECT id, name FROM items ORDER BY id");
            PullResult first = pulls.qx.pull(byDefault);
            assertThat(first.status()).as(first.toJson()).isEqualTo(PullStatus.COMPLETED);
            String named = pulls.create("jdbc", Map.of("url", upper, "user", "sa", "password", "h2-secret"),
                    "SELECT id, name, updated_at FROM items ORDER BY id", b -> b.sourceIdColumn("id")
                            .nameColumn("name").watermarkColumn("updated_at"));
            PullResult second = pulls.qx.pull(named);
            assertThat(second.status()).as(second.toJson()).isEqualTo(PullStatus.COMPLETED);
            List<IngestRecord> records = pulls.takeRecords();
            assertThat(records).extracting(IngestRecord::sourceId).containsExactly("1", "2", "1", "2");
            assertThat(records).extracting(IngestRecord::name).containsExactly("Anvil", "Bolt", "Anvil", "Bolt");
            assertThat(pulls.qx.watermark(named).orElseThrow().columnValue()).isPresent();

            // Two columns that differ only in case: neither is guessed.
            String ambiguous = pulls.create("jdbc", Map.of("url", upper, "user", "sa", "password", "h2-secret"),
                    "SELECT id AS \"Key\", id AS \"KEY\", name FROM items", b -> b.sourceIdColumn("key"));
            assertThat(pulls.qx.pull(ambiguous).error()).hasValueSatisfying(e ->
                    assertThat(e).contains("source_id_column 'key' is not in the query's result"));
            s.execute("SHUTDOWN");
        }
    }
}
