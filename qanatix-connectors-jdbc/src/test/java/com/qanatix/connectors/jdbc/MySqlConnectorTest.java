package com.qanatix.connectors.jdbc;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.spi.SourceException;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;
import com.qanatix.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code mysql} connector type against the machine's MariaDB (or QANATIX_TEST_MYSQL_URL's
 * server): {@link JdbcConnectorContract}, and what only MySQL and MariaDB have.
 */
class MySqlConnectorTest extends JdbcConnectorContract {
    private static final String PASSWORD = "My-Planted-Secret-77";
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.mysql();
        db.execute("CREATE TABLE products (id BIGINT PRIMARY KEY, name VARCHAR(100), sku VARCHAR(20), "
                + "price DECIMAL(12,2), updated_at DATETIME(6) NOT NULL, changed_ts TIMESTAMP(6) NULL)");
        db.execute("CREATE USER IF NOT EXISTS 'qx_reader'@'%' IDENTIFIED BY '" + PASSWORD + "'",
                "CREATE USER IF NOT EXISTS 'qx_no_grants'@'%' IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT SELECT ON " + db.name() + ".* TO 'qx_reader'@'%'");
    }

    @AfterAll
    static void dropDatabase() {
        db.execute("REVOKE ALL PRIVILEGES ON " + db.name() + ".* FROM 'qx_reader'@'%'");
        db.close();
    }

    private static Map<String, Object> config(String user) {
        Map<String, Object> c = new HashMap<>();
        c.put("host", "127.0.0.1");
        c.put("port", 3306);
        c.put("user", user);
        c.put("password", PASSWORD);
        c.put("database", db.name());
        return c;
    }

    @Override
    String connectorType() {
        return "mysql";
    }

    @Override
    Map<String, Object> config() {
        return config("qx_reader");
    }

    @Override
    String password() {
        return PASSWORD;
    }

    @Override
    void execute(String... sql) {
        db.execute(sql);
    }

    @Override
    String stampNow() {
        return "UTC_TIMESTAMP(6)";
    }

    @Override
    String stampHourAgo() {
        return "UTC_TIMESTAMP(6) - INTERVAL 1 HOUR";
    }

    @Override
    long openSessions() {
        return sessions();
    }

    private static long sessions() {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.PROCESSLIST WHERE USER = 'qx_reader'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void incrementalPullsCompareDatetimeAndTimestampColumnsInUtc() {
        db.execute("INSERT INTO products VALUES (1, 'Anvil', 'A-1', 10.50, UTC_TIMESTAMP(6) - INTERVAL 1 HOUR, "
                + "NULL), (2, 'Bolt', 'B-2', 0.99, UTC_TIMESTAMP(6) - INTERVAL 1 HOUR, NULL)");
        String byDatetime = connector("SELECT id, name, price, updated_at FROM products WHERE updated_at > :last_pull");
        String byTimestamp = connector("SELECT id, name FROM products WHERE changed_ts > :last_pull");
        db.execute("UPDATE products SET changed_ts = NOW(6) - INTERVAL 30 MINUTE");

        assertThat(pulls.qx.pull(byDatetime).recordsIngested()).isEqualTo(2);
        assertThat(pulls.qx.pull(byTimestamp).recordsIngested()).isEqualTo(2);
        pulls.takeRecords();

        db.execute("UPDATE products SET name = 'Bolt v2', updated_at = UTC_TIMESTAMP(6), changed_ts = NOW(6) WHERE id = 2",
                "INSERT INTO products VALUES (3, 'Crate', 'C-3', 5, UTC_TIMESTAMP(6), NOW(6))");
        PullResult second = pulls.qx.pull(byDatetime);
        PullResult secondByTimestamp = pulls.qx.pull(byTimestamp);

        assertThat(second.recordsIngested()).isEqualTo(2);
        assertThat(secondByTimestamp.recordsIngested()).isEqualTo(2);
        assertThat(pulls.takeRecords()).extracting(IngestRecord::name).containsExactly("Bolt v2", "Crate", "Bolt v2", "Crate");
    }

    @Test
    void everyCommonTypeMapsToItsNormalizedType() {
        db.execute("CREATE TABLE IF NOT EXISTS every_type (id INT PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, "
                + "si SMALLINT, i INT, iu INT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED, de DECIMAL(30,10), f FLOAT, "
                + "db DOUBLE, c CHAR(3), vc VARCHAR(50), tx TEXT, d DATE, t TIME(6), dt DATETIME(6), ts TIMESTAMP(6) NULL, "
                + "y YEAR, j JSON, jl JSON, bl BLOB, bn BINARY(3), b1 BIT(1), b8 BIT(8), e ENUM('red','green'), "
                + "st SET('a','b','c'), n VARCHAR(1))");
        db.execute("INSERT INTO every_type VALUES (1, -128, 255, -32768, -2147483648, 4294967295, "
                + "-9223372036854775808, 18446744073709551615, 12345678901234567890.0123456789, 1.1, "
                + "2.718281828459045, 'ab', 'Grüße ✓', REPEAT('x', 5000), '1000-01-01', '838:59:59', "
                + "'2026-03-29 02:30:00.123456', '2026-03-29 01:30:00.654321', 2155, "
                + "'{\"a\": [1, 2.5, null], \"b\": {\"c\": true}}', '{\"big\": " + "1".repeat(30) + ", \"s\": \""
                + "y".repeat(100_000) + "\"}', X'00FF10', X'010203', b'1', b'10000001', 'green', "
                + "'a,c', NULL)");
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        PullResult result;
        try {
            db.execute("SET GLOBAL time_zone = '+03:00'");
            String id = pulls.create("mysql", config("qx_reader"), "SELECT *, vc AS name FROM every_type",
                    b -> b.connectionConfig(withJsonColumns("j", "jl")));
            result = pulls.qx.pull(id);
        } finally {
            TimeZone.setDefault(original);
            db.execute("SET GLOBAL time_zone = SYSTEM");
        }
        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.COMPLETED);
        Map<String, Object> d = pulls.takeRecords().get(0).data();
        assertThat(d.get("ti")).isEqualTo(-128L);
        assertThat(d.get("tu")).isEqualTo(255L);
        assertThat(d.get("si")).isEqualTo(-32768L);
        assertThat(d.get("i")).isEqualTo(-2147483648L);
        assertThat(d.get("iu")).isEqualTo(4294967295L);
        assertThat(d.get("bi")).isEqualTo(Long.MIN_VALUE);
        assertThat(d.get("bu")).isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(d.get("de")).isEqualTo(new BigDecimal("12345678901234567890.0123456789"));
        assertThat(d.get("f")).isEqualTo(1.1);
        assertThat(d.get("db")).isEqualTo(2.718281828459045);
        assertThat(d.get("c")).isEqualTo("ab");
        assertThat(d.get("vc")).isEqualTo("Grüße ✓");
        assertThat((String) d.get("tx")).hasSize(5000);
        assertThat(d.get("d")).isEqualTo(LocalDate.of(1000, 1, 1));
        assertThat(d.get("dt")).isEqualTo(LocalDateTime.parse("2026-03-29T02:30:00.123456"));
        assertThat(d.get("ts")).as("TIMESTAMP read in the UTC session: the value written in the session's zone")
                .isInstanceOf(Instant.class);
        assertThat(d.get("y")).isEqualTo(2155L);
        assertThat(d.get("j")).isEqualTo(Map.of("a", java.util.Arrays.asList(1L, new BigDecimal("2.5"), null),
                "b", Map.of("c", true)));
        assertThat(((Map<?, ?>) d.get("jl")).get("big")).isEqualTo(new BigDecimal("1".repeat(30)));
        assertThat(((Map<?, ?>) d.get("jl")).get("s")).isEqualTo("y".repeat(100_000));
        assertThat((byte[]) d.get("bl")).containsExactly(0, 0xFF, 0x10);
        assertThat((byte[]) d.get("bn")).containsExactly(1, 2, 3);
        assertThat(d.get("b1")).isEqualTo(true);
        assertThat(d.get("b8")).isEqualTo(129L);
        assertThat(d.get("e")).isEqualTo("green");
        assertThat(d.get("st")).isEqualTo("a,c");
        assertThat(d).containsEntry("n", null);
        assertThat(d.get("t")).isEqualTo("PT838H59M59S");
    }

    @Test
    void dateTimesAndTimestampsReadExactlyWithZeroDatesAsNull() {
        db.execute("SET SESSION sql_mode = ''", "SET SESSION time_zone = '+00:00'",
                "CREATE TABLE IF NOT EXISTS date_times (id INT PRIMARY KEY, dt DATETIME(6) NULL, ts TIMESTAMP(6) NULL)",
                "TRUNCATE date_times",
                "INSERT INTO date_times VALUES (1, '2026-03-29 02:30:00', '2026-03-29 01:30:00'), "
                        + "(2, '2026-03-29 02:30:00.1', '2026-03-29 01:30:00.654321'), "
                        + "(3, '1000-01-01 00:00:00.000001', '1970-01-01 00:00:01'), "
                        + "(4, '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999'), "
                        + "(5, '0000-00-00 00:00:00', '0000-00-00 00:00:00'), (6, NULL, NULL), "
                        + "(7, '2024-02-29 12:00:00.5', '2024-02-29 12:00:00.5')");
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
        PullResult result;
        try {
            result = pulls.qx.pull(pulls.create("mysql", config("qx_reader"),
                    "SELECT id, CAST(id AS CHAR) AS name, dt, ts FROM date_times"));
        } finally {
            TimeZone.setDefault(original);
        }
        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.COMPLETED);
        Map<Long, Map<String, Object>> byId = new java.util.HashMap<>();
        pulls.takeRecords().forEach(r -> byId.put((Long) r.data().get("id"), r.data()));
        assertThat(byId.get(1L)).containsEntry("dt", LocalDateTime.parse("2026-03-29T02:30:00"))
                .containsEntry("ts", Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(byId.get(2L)).containsEntry("dt", LocalDateTime.parse("2026-03-29T02:30:00.1"))
                .containsEntry("ts", Instant.parse("2026-03-29T01:30:00.654321Z"));
        assertThat(byId.get(3L)).containsEntry("dt", LocalDateTime.parse("1000-01-01T00:00:00.000001"))
                .containsEntry("ts", Instant.parse("1970-01-01T00:00:01Z"));
        assertThat(byId.get(4L)).containsEntry("dt", LocalDateTime.parse("9999-12-31T23:59:59.999999"))
                .containsEntry("ts", Instant.parse("2038-01-19T03:14:07.999999Z"));
        assertThat(byId.get(5L)).containsEntry("dt", null).containsEntry("ts", null);
        assertThat(byId.get(6L)).containsEntry("dt", null).containsEntry("ts", null);
        assertThat(byId.get(7L)).containsEntry("dt", LocalDateTime.parse("2024-02-29T12:00:00.5"))
                .containsEntry("ts", Instant.parse("2024-02-29T12:00:00.5Z"));
        assertThat(sessions()).isZero();
    }

    @Test
    void invalidJsonInAJsonColumnFailsThePullNamingTheColumnAndCommitsNothing() {
        db.execute("CREATE TABLE IF NOT EXISTS notes (id INT PRIMARY KEY, name TEXT, j TEXT)", "TRUNCATE notes",
                "INSERT INTO notes VALUES (1, 'a', '{\"ok\": 1}'), (2, 'b', '{\"cut\": '), (3, 'c', '[]')");
        String id = pulls.create("mysql", withJsonColumns("j"), "SELECT id, name, j FROM notes ORDER BY id");

        PullResult result = pulls.qx.pull(id);

        assertThat(result.status()).isEqualTo(PullStatus.FAILED);
        assertThat(result.recordsPulled()).as("the row before the bad one").isEqualTo(1);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("column j holds invalid JSON")
                .doesNotContain(PASSWORD));
        assertThat(pulls.sink.records()).isEmpty();
        assertThat(pulls.qx.watermark(id)).isEmpty();
        assertThat(sessions()).isZero();
    }

    private static Map<String, Object> withJsonColumns(String... columns) {
        Map<String, Object> c = config("qx_reader");
        c.put("json_columns", List.of(columns));
        return c;
    }

    @Test
    void theServerKillingTheSessionMidPullFailsItCleanly() throws Exception {
        db.execute("INSERT INTO products (id, name, sku, price, updated_at) "
                        + "SELECT seq, CONCAT('p', seq), 's', 1, UTC_TIMESTAMP(6) FROM seq_1_to_5000",
                "CREATE TABLE IF NOT EXISTS knobs (stall INT)", "DELETE FROM knobs", "INSERT INTO knobs VALUES (1)");
        // With the knob on, the server stalls at row 4000 (rows stream in primary key order; an ORDER BY
        // or a join could make it evaluate every row before sending the first), so the session is
        // still busy when it is killed.
        String id = pulls.create("mysql", config("qx_reader"), "SELECT id, name FROM products "
                + "WHERE SLEEP(IF(id = 4000 AND (SELECT stall FROM knobs) = 1, 30, 0)) = 0", b -> b.batchSize(100));
        PullResult result = pulls.qx.pull(id, new PullListener() {
            @Override
            public void progress(PullInfo pull, long pulled, long ingested, long batches) {
                if (batches == 1) {
                    try {
                        killSessionsOf("qx_reader");
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        });

        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.FAILED);
        assertThat(result.error().orElseThrow()).doesNotContain(PASSWORD);
        assertThat(pulls.qx.watermark(id)).isEmpty();
        assertThat(pulls.sink.records()).isEmpty();
        assertThat(sessions()).isZero();
        db.execute("UPDATE knobs SET stall = 0");
        assertThat(pulls.qx.pull(id).recordsIngested()).as("nothing was committed, so all comes again").isEqualTo(5000);
    }

    private static void killSessionsOf(String user) throws java.sql.SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '" + user + "'")) {
            while (rs.next()) {
                db.execute("KILL " + rs.getLong(1));
            }
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPullWhoseLaterRowsRunPastTheQueryTimeoutFailsAndStopsTheQuery() throws Exception {
        // Rows 1-2000 fill the server's network buffer and come at once (so executeQuery returns);
        // every later row takes a second, the pull as a whole would take 30 s.
        String tag = "qx_deadline_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, Object> config = config("qx_reader");
        config.put("query_timeout_seconds", 2);
        String id = pulls.create("mysql", config, "SELECT /* " + tag + " */ seq AS id, REPEAT('x', 100) AS name "
                + "FROM seq_1_to_2030 WHERE SLEEP(IF(seq > 2000, 1, 0)) = 0", b -> b.batchSize(500));
        long start = System.nanoTime();
        PullResult result = pulls.qx.pull(id);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e)
                .contains("ran past query_timeout_seconds (2 s)").doesNotContain(PASSWORD));
        assertThat(millis).as("stopped at the 2 s timeout, not after the 30 s the query takes").isLessThan(10_000L);
        assertThat(pulls.qx.watermark(id)).isEmpty();
        assertThat(pulls.sink.records()).isEmpty();
        awaitNotSleepingOn(tag);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (sessions() > 0) {
            assertThat(System.nanoTime()).as("a session of qx_reader is left").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /**
     * Waits at most 2 s for the server to stop a query: a KILL QUERY ends it at once, while MariaDB
     * notices a dropped client in SLEEP only every 5 s, and never while its rows fit the net buffer.
     */
    private static void awaitNotSleepingOn(String tag) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (sleepingOn(tag)) {
            assertThat(System.nanoTime()).as("the server still runs the query").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aTimeOfDayIsALocalTimeAndALongerTimeADuration() {
        db.execute("CREATE TABLE IF NOT EXISTS times (id INT PRIMARY KEY, name TEXT, t TIME(6))",
                "INSERT INTO times VALUES (1, 'a', '07:05:09.25'), (2, 'b', '-01:00:00'), (3, 'c', '100:00:00')");
        String id = connector("SELECT * FROM times ORDER BY id");
        assertThat(pulls.qx.pull(id).status()).isEqualTo(PullStatus.COMPLETED);
        assertThat(pulls.takeRecords()).extracting(r -> r.data().get("t"))
                .containsExactly(LocalTime.parse("07:05:09.25"), "-PT1H0M0S", "PT100H0M0S");
    }

    @Test
    void aTimestampWrittenInAnyZoneReadsAsTheSameInstant() {
        db.execute("SET time_zone = '+00:00'");
        db.execute("INSERT INTO products VALUES (1, 'a', 's', 1, '2026-01-01 00:00:00', '2026-06-01 12:00:00.5')");
        String id = connector("SELECT id, name, changed_ts FROM products");
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
        try {
            assertThat(pulls.qx.pull(id).status()).isEqualTo(PullStatus.COMPLETED);
        } finally {
            TimeZone.setDefault(original);
        }
        assertThat(pulls.takeRecords().get(0).data().get("changed_ts")).isEqualTo(Instant.parse("2026-06-01T12:00:00.5Z"));
    }

    @Test
    void theLexerUnderstandsBackticksHashCommentsAndBackslashEscapes() {
        db.execute("INSERT INTO products VALUES (1, 'a', 's', 1, UTC_TIMESTAMP(6), NULL)");
        String id = connector("SELECT `id`, name, 'it\\'s :last_pull' AS s # :last_pull\n"
                + "FROM products WHERE updated_at > :last_pull AND updated_at > :last_pull - INTERVAL 1 DAY");
        PullResult result = pulls.qx.pull(id);
        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.COMPLETED);
        assertThat(pulls.takeRecords().get(0).data()).containsEntry("s", "it's :last_pull");
    }

    @Test
    void badInputFailsThePullWithARedactedErrorAndCommitsNothing() {
        db.execute("INSERT INTO products VALUES (1, 'a', 's', 1, UTC_TIMESTAMP(6), NULL)");
        Map<String, Object> wrongPassword = config("qx_reader");
        wrongPassword.put("password", "not-" + PASSWORD);
        assertFailsCleanly(pulls.create("mysql", wrongPassword, "SELECT id, name FROM products"),
                "Access denied", "check the user and password in connection_config");
        Map<String, Object> unknownHost = config("qx_reader");
        unknownHost.put("host", "no-such-host.invalid");
        assertFailsCleanly(pulls.create("mysql", unknownHost, "SELECT id, name FROM products"), "failure");
        Map<String, Object> refused = config("qx_reader");
        refused.put("port", 1);
        assertFailsCleanly(pulls.create("mysql", refused, "SELECT id, name FROM products"), "failure");
        assertFailsCleanly(pulls.create("mysql", config("qx_no_grants"), "SELECT id, name FROM products"), "denied");
        Map<String, Object> slow = config("qx_reader");
        slow.put("query_timeout_seconds", 1);
        assertFailsCleanly(pulls.create("mysql", slow, "SELECT id, name, SLEEP(5) FROM products"),
                "ran past query_timeout_seconds (1 s)");
        assertThat(sessions()).isZero();
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails, it does not stall the build
    void aServerThatAcceptsButNeverAnswersFailsThePullAfterTheConnectTimeout() {
        try (SilentServer silent = new SilentServer()) {
            Map<String, Object> config = config("qx_reader");
            config.put("port", silent.port());
            config.put("connect_timeout_seconds", 2);
            String id = pulls.create("mysql", config, "SELECT id, name FROM products");
            long start = System.nanoTime();
            PullResult result = pulls.qx.pull(id);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(silent.connections()).as("the driver reached the server").isPositive();
            assertThat(result.status()).isEqualTo(PullStatus.FAILED);
            assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("no answer within connect_timeout_seconds, 2 s")
                    .doesNotContain(PASSWORD));
            assertThat(millis).as("ended by connect_timeout_seconds (2 s), well before the 10 s default")
                    .isBetween(1_500L, 8_000L);
            assertThat(pulls.qx.watermark(id)).isEmpty();
            assertThat(pulls.sink.records()).isEmpty();
        }
    }

    @Test
    void sslModeReachesTheDriverRequiredFailsAgainstAServerWithoutTlsAndDisabledPulls() {
        // The machine's MariaDB has TLS off: REQUIRED must refuse it, not fall back to plain text.
        Assumptions.assumeFalse(serverHasTls(), "this MariaDB has TLS on: the refusal needs one without");
        db.execute("INSERT INTO products VALUES (1, 'a', 's', 1, UTC_TIMESTAMP(6), NULL)");
        Map<String, Object> required = config("qx_reader");
        required.put("ssl_mode", "required");
        assertFailsCleanly(pulls.create("mysql", required, "SELECT id, name FROM products"), "SSL");
        Map<String, Object> disabled = config("qx_reader");
        disabled.put("ssl_mode", "DISABLED");
        assertThat(pulls.qx.pull(pulls.create("mysql", disabled, "SELECT id, name FROM products"))
                .recordsIngested()).isEqualTo(1);
        Map<String, Object> unknown = config("qx_reader");
        unknown.put("ssl_mode", "sometimes");
        assertThatThrownBy(() -> pulls.create("mysql", unknown, "SELECT 1"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("ssl_mode must be one of");
        assertThat(sessions()).isZero();
    }

    private static boolean serverHasTls() {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW VARIABLES LIKE 'have_ssl'")) {
            return rs.next() && rs.getString(2).equalsIgnoreCase("YES");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void createRejectsMalformedConfigs() {
        Map<String, Object> noDatabase = config("qx_reader");
        noDatabase.remove("database");
        assertThatThrownBy(() -> pulls.create("mysql", noDatabase, "SELECT 1"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("connection_config.database is required");
        Map<String, Object> badPort = config("qx_reader");
        badPort.put("port", "http");
        assertThatThrownBy(() -> pulls.create("mysql", badPort, "SELECT 1")).hasMessageContaining("port");
    }

    private static long queryLong(String sql) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theServerSessionIsReadOnlySoAFunctionThatWritesFailsAndTheRowStays() {
        db.execute("CREATE TABLE IF NOT EXISTS victim (id INT PRIMARY KEY)", "DELETE FROM victim",
                "INSERT INTO victim VALUES (5)",
                "CREATE USER IF NOT EXISTS 'qx_writer'@'%' IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT ALL PRIVILEGES ON " + db.name() + ".* TO 'qx_writer'@'%'",
                "DROP FUNCTION IF EXISTS delete_victim",
                "CREATE FUNCTION delete_victim() RETURNS INT MODIFIES SQL DATA BEGIN "
                        + "DELETE FROM victim WHERE id = 5; RETURN 1; END");
        try {
            pulls.qx.pull(pulls.create("mysql", config("qx_writer"), "SELECT 1 AS id, @@tx_read_only AS name"));
            assertThat(pulls.takeRecords()).extracting(IngestRecord::name).containsExactly("1");
            PullResult result = pulls.qx.pull(pulls.create("mysql", config("qx_writer"),
                    "SELECT delete_victim() AS id, 'x' AS name"));
            assertThat(result.status()).isEqualTo(PullStatus.FAILED);
            assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).containsIgnoringCase("read only"));
            assertThat(queryLong("SELECT count(*) FROM victim WHERE id = 5")).isEqualTo(1);
        } finally {
            db.execute("REVOKE ALL PRIVILEGES ON " + db.name() + ".* FROM 'qx_writer'@'%'");
        }
    }

    @Test
    void secretsUnderUnlistedPropertyNamesReachNeitherTheDebugLogNorTheErrorMessage() {
        String trustPassword = "Trust-Store-Secret-31";
        String apiToken = "Api-Token-Secret-42";
        Map<String, Object> config = config("qx_reader");
        config.put("properties", Map.of("trustCertificateKeyStorePassword", trustPassword, "api_token", apiToken,
                "useCompression", "false"));
        // The server's syntax error quotes the text near the error: both secrets.
        String id = pulls.create("mysql", config, "SELECT id, name FROM products WHERE name = = '" + trustPassword
                + "' OR name = '" + apiToken + "'");
        try (com.qanatix.core.testing.LogCapture logs = new com.qanatix.core.testing.LogCapture()) {
            PullResult failed = pulls.qx.pull(id);
            assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
            assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("syntax")
                    .contains("***REDACTED***").doesNotContain(trustPassword, apiToken, PASSWORD));
            assertThat(logs.text()).contains("connection_config").contains("useCompression=false")
                    .doesNotContain(trustPassword, apiToken, PASSWORD);
        }
    }

    @Test
    void multiStatementQueriesAndDriverOptionsThatOpenTheClientAreRefusedAtCreateTime() {
        db.execute("CREATE TABLE IF NOT EXISTS victim (id INT PRIMARY KEY)");
        assertThatThrownBy(() -> connector("SELECT 1 AS id, 'a' AS name; DELETE FROM victim WHERE id = 5"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("more than one statement");
        assertThatThrownBy(() -> connector("SELECT 1 AS id, 'a;' AS name # c\n; SELECT 2"))
                .hasMessageContaining("more than one statement");
        for (String option : List.of("allowMultiQueries", "allowLoadLocalInfile", "allowUrlInLocalInfile",
                "autoDeserialize", "socketFactory", "queryInterceptors", "readOnlyPropagatesToServer")) {
            Map<String, Object> config = config("qx_reader");
            config.put("properties", Map.of(option, "true"));
            assertThatThrownBy(() -> pulls.create("mysql", config, "SELECT 1 AS id, 'a' AS name"))
                    .as(option).isInstanceOf(InvalidConfigException.class).hasMessageContaining("'" + option + "'")
                    .hasMessageNotContaining(PASSWORD);
        }
        assertThatThrownBy(() -> pulls.create("jdbc", Map.of("url", "jdbc:mysql://127.0.0.1:3306/" + db.name()
                + "?allowMultiQueries=true", "user", "qx_reader"), "SELECT 1 AS id, 'a' AS name"))
                .hasMessageContaining("'allowMultiQueries'");
        assertThat(pulls.qx.connectors().list()).isEmpty();
    }

    private static void killQueriesTagged(String tag) throws java.sql.SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE '%/* "
                     + tag + " */%' AND ID <> CONNECTION_ID()")) {
            while (rs.next()) {
                db.execute("KILL " + rs.getLong(1));
            }
        }
    }

    private static boolean sleepingOn(String tag) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%/* "
                     + tag + " */%' AND ID <> CONNECTION_ID() AND STATE = 'User sleep'")) {
            rs.next();
            return rs.getLong(1) == 1;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void closingASourceFromAnotherThreadWhileTheServerIsBusyReturnsAtOnceFailsTheReaderAndStopsTheQuery()
            throws Exception {
        String tag = "qx_busy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        // The server sends rows as its network buffer fills: rows 1 to 3999 reach the client (and let
        // executeQuery return) at once; row 4000 keeps the server busy for 30 s.
        PullContext context = PullContext.builder().connectorId("busy").batchSize(2)
                .config(ConnectorConfig.of(config("qx_reader")))
                .query("SELECT /* " + tag + " */ seq AS id, REPEAT('x', 100) AS name FROM seq_1_to_5000 "
                        + "WHERE SLEEP(IF(seq = 4000, 30, 0)) = 0")
                .build();
        AtomicReference<RecordSource> opened = new AtomicReference<>();
        CompletableFuture<Object> reader = CompletableFuture.supplyAsync(() -> {
            long rows = 0;
            try (RecordSource source = new MySqlConnectorProvider().open(context)) {
                opened.set(source);
                while (source.hasNext()) {
                    source.next();
                    rows++;
                }
                return rows;
            } catch (RuntimeException e) {
                return e;
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(opened.get() != null && sleepingOn(tag)) && System.nanoTime() < deadline) {
                Thread.sleep(25);
            }
            assertThat(opened.get()).as("the source is open").isNotNull();
            assertThat(sleepingOn(tag)).as("the server is sleeping on row 4000").isTrue();

            long start = System.nanoTime();
            opened.get().close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("close() took (ms)")
                    .isLessThan(3_000);
            assertThat(reader.get(5, TimeUnit.SECONDS)).as("what the reading thread got")
                    .isInstanceOf(SourceException.class);
            awaitNotSleepingOn(tag); // KILL QUERY: a dropped socket alone would leave it sleeping 30 s
        } finally {
            if (opened.get() != null) {
                opened.get().close();
            }
            killQueriesTagged(tag);
        }
    }

    @Test
    void aLongPullStreamsAndLeavesNoSessionBehind() {
        db.execute("INSERT INTO products (id, name, sku, price, updated_at) "
                + "SELECT seq, CONCAT('p', seq), 's', 1, UTC_TIMESTAMP(6) FROM seq_1_to_20000");
        String id = pulls.create("mysql", config("qx_reader"), "SELECT id, name FROM products",
                b -> b.batchSize(500));
        PullResult result = pulls.qx.pull(id);
        assertThat(result.recordsIngested()).isEqualTo(20000);
        assertThat(sessions()).isZero();
    }
}
