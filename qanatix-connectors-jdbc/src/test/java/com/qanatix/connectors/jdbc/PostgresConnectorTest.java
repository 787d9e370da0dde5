package com.qanatix.connectors.jdbc;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.testing.LogCapture;
import com.qanatix.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
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
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code postgresql} connector type against the machine's PostgreSQL (or QANATIX_TEST_PG_URL's
 * server): {@link JdbcConnectorContract}, and what only PostgreSQL has.
 */
class PostgresConnectorTest extends JdbcConnectorContract {
    private static final String PASSWORD = "Pg-Planted-Secret-55";
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.postgres();
        db.execute("CREATE TYPE mood AS ENUM ('happy', 'sad')",
                "CREATE TABLE products (id BIGINT PRIMARY KEY, name TEXT, sku TEXT, price NUMERIC(12,2), "
                        + "updated_at TIMESTAMPTZ NOT NULL)");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    private static String dsn() {
        return "postgresql://postgres:" + PASSWORD + "@127.0.0.1:5432/" + db.name() + "?application_name=qx_test";
    }

    @Override
    String connectorType() {
        return "postgresql";
    }

    @Override
    Map<String, Object> config() {
        return Map.of("dsn", dsn());
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
        return "now()";
    }

    @Override
    String stampHourAgo() {
        return "now() - interval '1 hour'";
    }

    @Override
    long openSessions() {
        return backends();
    }

    private static long backends() {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db.name()
                     + "' AND pid <> pg_backend_pid() AND backend_type = 'client backend'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyCommonTypeMapsToItsNormalizedTypeWithoutTimeZoneShifts() {
        db.execute("CREATE TABLE IF NOT EXISTS every_type (id INT PRIMARY KEY, i2 INT2, i4 INT4, i8 INT8, "
                + "num NUMERIC(40,20), f4 FLOAT4, f8 FLOAT8, t TEXT, vc VARCHAR(10), c CHAR(3), b BOOL, d DATE, "
                + "tm TIME(6), ttz TIMETZ, ts TIMESTAMP(6), tstz TIMESTAMPTZ, iv INTERVAL, by BYTEA, u UUID, "
                + "j JSON, jb JSONB, arr INT4[], tarr TEXT[], m mood, ip INET, n TEXT)");
        db.execute("TRUNCATE every_type");
        db.execute("INSERT INTO every_type VALUES (1, -32768, 2147483647, -9223372036854775808, "
                + "12345678901234567890.12345678901234567890, 1.1, 3.141592653589793, 'Grüße, 世界 ✓', 'abc', 'x', "
                + "true, '0001-01-01', '23:59:59.999999', '10:00:00+05:30', '2026-03-29 02:30:00.123456', "
                + "'2026-03-29 01:30:00.654321+00', '1 year 2 months 3 days 04:05:06.5', '\\x00ff10', "
                + "'123e4567-e89b-12d3-a456-426614174000', '{\"a\": [1, 2.5, null, \"x\"], \"b\": {\"c\": true}}', "
                + "'{\"big\": " + "1".repeat(30) + ", \"s\": \"" + "y".repeat(10000) + "\"}', '{1,2,NULL}', "
                + "'{\"a b\",c}', 'sad', '192.168.0.1/24', NULL)");
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        try {
            String id = connector("SELECT *, vc AS name FROM every_type");
            PullResult result = pulls.qx.pull(id);
            assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.COMPLETED);
        } finally {
            TimeZone.setDefault(original);
        }
        Map<String, Object> d = pulls.takeRecords().get(0).data();
        assertThat(d.get("i2")).isEqualTo(-32768L);
        assertThat(d.get("i4")).isEqualTo(2147483647L);
        assertThat(d.get("i8")).isEqualTo(Long.MIN_VALUE);
        assertThat(d.get("num")).isEqualTo(new BigDecimal("12345678901234567890.12345678901234567890"));
        assertThat(d.get("f4")).isEqualTo(1.1);
        assertThat(d.get("f8")).isEqualTo(3.141592653589793);
        assertThat(d.get("t")).isEqualTo("Grüße, 世界 ✓");
        assertThat(d.get("c")).isEqualTo("x  ");
        assertThat(d.get("b")).isEqualTo(true);
        assertThat(d.get("d")).isEqualTo(LocalDate.of(1, 1, 1));
        assertThat(d.get("tm")).isEqualTo(LocalTime.parse("23:59:59.999999"));
        assertThat(d.get("ttz")).isEqualTo(OffsetTime.of(10, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)));
        assertThat(d.get("ts")).isEqualTo(LocalDateTime.parse("2026-03-29T02:30:00.123456"));
        assertThat(d.get("tstz")).isEqualTo(Instant.parse("2026-03-29T01:30:00.654321Z"));
        assertThat(d.get("iv")).isEqualTo("P1Y2M3DT4H5M6.5S");
        assertThat((byte[]) d.get("by")).containsExactly(0, 0xff, 0x10);
        assertThat(d.get("u")).isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertThat(d.get("j")).isEqualTo(Map.of("a", java.util.Arrays.asList(1L, new BigDecimal("2.5"), null, "x"),
                "b", Map.of("c", true)));
        assertThat(((Map<?, ?>) d.get("jb")).get("big")).isEqualTo(new BigDecimal("1".repeat(30)));
        assertThat(d.get("arr")).isEqualTo(java.util.Arrays.asList(1L, 2L, null));
        assertThat(d.get("tarr")).isEqualTo(List.of("a b", "c"));
        assertThat(d.get("m")).isEqualTo("sad");
        assertThat(d.get("ip")).isEqualTo("192.168.0.1/24");
        assertThat(d).containsEntry("n", null);
    }

    @Test
    void timestamptzReadsAsTheDriverReadsItInAnySessionZoneAndInTextOrBinaryFormat() throws Exception {
        db.execute("CREATE TABLE IF NOT EXISTS instants (id INT PRIMARY KEY, t TIMESTAMPTZ)", "TRUNCATE instants",
                "INSERT INTO instants VALUES (1, '2026-03-29 01:30:00.654321+00'), (2, '2026-10-25 00:59:59.5+00'), "
                        + "(3, '1900-01-01 00:00:00+00'), (4, '0001-01-01 00:00:00+00'), (5, '4713-01-01 00:00:00+00 BC'), "
                        + "(6, '9999-12-31 23:59:59.999999+00'), (7, '294276-12-31 00:00:00+00'), (8, 'infinity'), "
                        + "(9, '-infinity'), (10, '2024-02-29 23:59:59.000001+00'), (11, '1969-12-31 23:59:59.9+00'), "
                        + "(12, NULL)");
        TimeZone original = TimeZone.getDefault();
        // pgjdbc sends the JVM's zone as the session's TimeZone, which the server prints offsets in:
        // +05:30, -03:30, +12:45, and Amsterdam's 1900 offset of +00:19:32.
        for (String zone : List.of("UTC", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham", "Europe/Amsterdam")) {
            TimeZone.setDefault(TimeZone.getTimeZone(zone));
            try {
                Map<Integer, Object> expected = new java.util.HashMap<>();
                try (Connection c = db.connect(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT id, t FROM instants")) {
                    while (rs.next()) {
                        java.time.OffsetDateTime t = rs.getObject(2, java.time.OffsetDateTime.class);
                        expected.put(rs.getInt(1), t == null ? null : t.toInstant());
                    }
                }
                // prepareThreshold=-1 makes pgjdbc ask for every column in binary format.
                for (String format : List.of("", "&prepareThreshold=-1")) {
                    String id = pulls.create("postgresql", Map.of("dsn", dsn() + format), "SELECT id, t, "
                            + "id::text AS name FROM instants");
                    PullResult result = pulls.qx.pull(id);
                    assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.COMPLETED);
                    Map<Integer, Object> got = new java.util.HashMap<>();
                    for (IngestRecord r : pulls.takeRecords()) {
                        got.put(((Long) r.data().get("id")).intValue(), r.data().get("t"));
                    }
                    assertThat(got).as("%s %s", zone, format).isEqualTo(expected);
                }
            } finally {
                TimeZone.setDefault(original);
            }
        }
        assertThat(backends()).isZero();
    }

    @Test
    void theLexerLetsStringsDollarQuotesAndJsonOperatorsThrough() {
        db.execute("CREATE TABLE IF NOT EXISTS docs (id INT PRIMARY KEY, doc JSONB, updated_at TIMESTAMPTZ)",
                "TRUNCATE docs",
                "INSERT INTO docs VALUES (1, '{\"k\": 1, \"a\": 2}', now()), (2, '{\"z\": 1}', now())");
        String id = connector("SELECT id, doc ->> 'k' AS name, E'it\\'s :last_pull' AS s, $q$ :last_pull ? $q$ AS dq "
                + "FROM docs /* :last_pull */ WHERE doc ? 'k' AND doc ?| array['a','b'] AND doc ?& array['k'] "
                + "AND updated_at > :last_pull AND updated_at > :last_pull::timestamptz - interval '1 day'");

        PullResult result = pulls.qx.pull(id);

        assertThat(result.error()).isEmpty();
        List<IngestRecord> records = pulls.takeRecords();
        assertThat(records).extracting(IngestRecord::sourceId).containsExactly("1");
        assertThat(records.get(0).data()).containsEntry("s", "it's :last_pull").containsEntry("dq", " :last_pull ? ");
    }

    @Test
    void createRejectsMalformedConfigsAndQueriesWithoutEchoingThePassword() {
        assertThatThrownBy(() -> pulls.create("postgresql", Map.of("dsn", "postgresql://u:" + PASSWORD + "@h:0/db"),
                "SELECT 1")).isInstanceOf(InvalidConfigException.class).hasMessageContaining("port").hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> pulls.create("postgresql", Map.of("host", "h"), "SELECT 1"))
                .hasMessageContaining("connection_config.dsn is required");
        assertThat(pulls.qx.connectors().list()).isEmpty();
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
    void secretsUnderUnlistedPropertyNamesReachNeitherTheDebugLogNorTheErrorMessage() {
        String sslPassword = "Ssl-Key-Secret-31";
        String apiToken = "Api-Token-Secret-42";
        String id = pulls.create("jdbc", Map.of("url", "jdbc:postgresql://127.0.0.1:5432/" + db.name(),
                "user", "postgres", "properties", Map.of("sslpassword", sslPassword, "api_token", apiToken,
                        "ApplicationName", "qx_redaction")),
                "SELECT id, name FROM products WHERE name = '" + sslPassword + "' OR name = '" + apiToken + "' (((");
        try (LogCapture logs = new LogCapture()) {
            PullResult failed = pulls.qx.pull(id);
            assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
            assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("syntax")
                    .doesNotContain(sslPassword, apiToken));
            assertThat(logs.text()).contains("ApplicationName=qx_redaction")
                    .doesNotContain(sslPassword, apiToken);
        }
    }

    @Test
    void aSecondStatementAfterTheSelectIsRejectedAtCreateTimeAndTheVictimRowStays() {
        db.execute("CREATE TABLE IF NOT EXISTS victim (id INT PRIMARY KEY)", "DELETE FROM victim",
                "INSERT INTO victim VALUES (5)");
        String attack = "SELECT 1 AS id, 'a' AS name; DELETE FROM victim WHERE id = 5; COMMIT";
        assertThatThrownBy(() -> connector(attack)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("more than one statement");
        assertThatThrownBy(() -> pulls.create("postgresql", Map.of("dsn", dsn() + "&readOnlyMode=ignore"), attack))
                .isInstanceOf(InvalidConfigException.class);
        assertThat(queryLong("SELECT count(*) FROM victim WHERE id = 5")).isEqualTo(1);
        // A trailing ';' and comments after it are still one statement.
        String id = connector("SELECT 1 AS id, 'a' AS name; -- done\n");
        assertThat(pulls.qx.pull(id).recordsIngested()).isEqualTo(1);
    }

    @Test
    void driverOptionsThatDefeatReadOnlyOrLoadClassesAreRefusedNamingTheOption() {
        String query = "SELECT 1 AS id, 'a' AS name";
        assertThatThrownBy(() -> pulls.create("postgresql", Map.of("dsn", dsn() + "&readOnlyMode=ignore"), query))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("'readOnlyMode'")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> pulls.create("postgresql", Map.of("dsn", dsn() + "&sslfactory=x.Evil"), query))
                .hasMessageContaining("'sslfactory'");
        String url = "jdbc:postgresql://127.0.0.1:5432/" + db.name();
        assertThatThrownBy(() -> pulls.create("jdbc", Map.of("url", url + "?ReadOnlyMode=ignore", "user", "postgres"),
                query)).hasMessageContaining("'readOnlyMode'");
        assertThatThrownBy(() -> pulls.create("jdbc", Map.of("url", url, "user", "postgres",
                "properties", Map.of("socketFactory", "x.Evil")), query)).hasMessageContaining("'socketFactory'");
        assertThatThrownBy(() -> pulls.create("jdbc", Map.of("url", url, "user", "postgres",
                "properties", Map.of("sslhostnameverifier", "x.Evil")), query))
                .hasMessageContaining("'sslhostnameverifier'");
        assertThat(pulls.qx.connectors().list()).isEmpty();
    }

    @Test
    void theServerSessionItselfIsReadOnlyForPostgresqlAndGenericPostgresUrls() {
        db.execute("CREATE TABLE IF NOT EXISTS victim (id INT PRIMARY KEY)", "DELETE FROM victim",
                "INSERT INTO victim VALUES (5)");
        String probe = "SELECT 1 AS id, current_setting('default_transaction_read_only') || '/' "
                + "|| current_setting('transaction_read_only') AS name";
        pulls.qx.pull(connector(probe));
        pulls.qx.pull(pulls.create("jdbc", Map.of("url", "jdbc:postgresql://127.0.0.1:5432/" + db.name(),
                "user", "postgres"), probe));
        assertThat(pulls.takeRecords()).extracting(IngestRecord::name).containsExactly("on/on", "on/on");
        db.execute("CREATE OR REPLACE FUNCTION delete_victim() RETURNS INT LANGUAGE sql AS "
                + "$$ DELETE FROM victim WHERE id = 5 RETURNING id $$");
        PullResult result = pulls.qx.pull(connector("SELECT delete_victim() AS id, 'x' AS name"));
        assertThat(result.status()).isEqualTo(PullStatus.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("read-only transaction"));
        assertThat(queryLong("SELECT count(*) FROM victim WHERE id = 5")).isEqualTo(1);
    }

    private void assertFailsLeavingNoBackend(String id, String expected) {
        long before = backends();
        assertFailsCleanly(id, expected);
        assertThat(backends()).isLessThanOrEqualTo(before);
    }

    @Test
    void badInputFailsThePullWithARedactedErrorAndCommitsNothing() {
        db.execute("INSERT INTO products VALUES (1, 'a', 's', 1, now())");
        assertFailsLeavingNoBackend(pulls.create("postgresql", Map.of("dsn", "postgresql://postgres:" + PASSWORD
                + "@no-such-host.invalid/db"), "SELECT 1 AS id, 'x' AS name"), "no-such-host.invalid");
        assertFailsLeavingNoBackend(pulls.create("postgresql", Map.of("dsn", "postgresql://postgres:" + PASSWORD
                + "@127.0.0.1:1/db"), "SELECT 1 AS id, 'x' AS name"), "refused");
        assertFailsLeavingNoBackend(connector("WITH gone AS (DELETE FROM products RETURNING id, name) SELECT * FROM gone"),
                "read-only transaction");
        db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'qx_no_grants') THEN "
                + "CREATE ROLE qx_no_grants LOGIN; END IF; END $$");
        assertFailsLeavingNoBackend(pulls.create("postgresql", Map.of("dsn", "postgresql://qx_no_grants:" + PASSWORD
                + "@127.0.0.1:5432/" + db.name()), "SELECT id, name FROM products"), "permission denied");
        assertFailsLeavingNoBackend(pulls.create("postgresql", Map.of("dsn", dsn(), "query_timeout_seconds", 1),
                "SELECT id, name FROM products, pg_sleep(5)"), "ran past query_timeout_seconds (1 s)");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails, it does not stall the build
    void aServerThatAcceptsButNeverAnswersFailsThePullAfterTheConnectTimeout() {
        try (SilentServer silent = new SilentServer()) {
            String id = pulls.create("postgresql", Map.of("dsn", "postgresql://postgres:" + PASSWORD + "@127.0.0.1:"
                    + silent.port() + "/db", "connect_timeout_seconds", 2), "SELECT 1 AS id, 'x' AS name");
            long start = System.nanoTime();
            PullResult result = pulls.qx.pull(id);
            long millis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

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
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPullWhoseLaterFetchesRunPastTheQueryTimeoutFailsAndStopsTheQuery() throws Exception {
        // Rows 1-10 come at once, every later row takes a second: each of the first fetches (5 rows)
        // returns well within the timeout, the pull as a whole would take 30 s.
        String tag = "qx_deadline_" + System.nanoTime();
        String id = pulls.create("postgresql", Map.of("dsn", dsn(), "query_timeout_seconds", 2),
                "SELECT g AS id, 'p' || g AS name FROM generate_series(1, 40) g "
                        + "WHERE g <= 10 OR pg_sleep(1) IS NOT NULL /* " + tag + " */", b -> b.batchSize(5));
        long start = System.nanoTime();
        PullResult result = pulls.qx.pull(id);
        long millis = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.FAILED);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e)
                .contains("ran past query_timeout_seconds (2 s)").doesNotContain(PASSWORD));
        assertThat(millis).as("stopped at the 2 s timeout, not after the 30 s the query takes").isLessThan(10_000L);
        assertThat(pulls.qx.watermark(id)).isEmpty();
        assertThat(pulls.sink.records()).isEmpty();
        awaitNoBackendRunning(tag, "the backend still runs the query");
    }

    @Test
    void sslmodeReachesTheDriverRequireFailsAgainstAServerWithoutTlsAndDisablePulls() {
        // The machine's PostgreSQL has ssl off: sslmode=require must refuse it, not fall back to plain text.
        org.junit.jupiter.api.Assumptions.assumeFalse(serverHasTls(),
                "this PostgreSQL has TLS on: the refusal needs one without");
        db.execute("INSERT INTO products VALUES (1, 'a', 's', 1, now())");
        assertFailsLeavingNoBackend(pulls.create("postgresql", Map.of("dsn", dsn() + "&sslmode=require"),
                "SELECT id, name FROM products"), "SSL");
        PullResult plain = pulls.qx.pull(pulls.create("postgresql", Map.of("dsn", dsn() + "&sslmode=disable"),
                "SELECT id, name FROM products"));
        assertThat(plain.recordsIngested()).as(plain.toJson()).isEqualTo(1);
    }

    private static boolean serverHasTls() {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW ssl")) {
            return rs.next() && "on".equals(rs.getString(1));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The role {@code scripts/ensure-test-services.sh} makes give a password on 127.0.0.1. */
    private static final String PROBE_ROLE = "qanatix_password_probe";
    private static final String PROBE_PASSWORD = "Probe-Right-Secret-81";

    @Test
    void aWrongPasswordFailsThePullWithARedactedErrorAndCommitsNothing() throws Exception {
        db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + PROBE_ROLE + "') THEN "
                        + "CREATE ROLE " + PROBE_ROLE + " LOGIN; END IF; END $$",
                "ALTER ROLE " + PROBE_ROLE + " PASSWORD '" + PROBE_PASSWORD + "'",
                "GRANT SELECT ON products TO " + PROBE_ROLE,
                "INSERT INTO products VALUES (1, 'a', 's', 1, now())");
        String url = "jdbc:postgresql://127.0.0.1:5432/" + db.name();
        boolean enforced;
        try (Connection c = java.sql.DriverManager.getConnection(url, PROBE_ROLE, "not-the-password")) {
            enforced = !c.isValid(1); // connected with a wrong password: the server trusts this role
        } catch (java.sql.SQLException e) {
            enforced = "28P01".equals(e.getSQLState());
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(enforced, "PostgreSQL at 127.0.0.1 does not ask "
                + PROBE_ROLE + " for a password (pg_hba trusts it): run scripts/ensure-test-services.sh as root, "
                + "which adds a scram-sha-256 rule for that role only, or point QANATIX_TEST_PG_URL at a server "
                + "that checks passwords");
        String wrong = "Wrong-Pass%word-12";
        String wrongDsn = "postgresql://" + PROBE_ROLE + ":" + wrong.replace("%", "%25") + "@127.0.0.1:5432/" + db.name();
        String id = pulls.create("postgresql", Map.of("dsn", wrongDsn), "SELECT id, name FROM products");
        try (LogCapture logs = new LogCapture()) {
            PullResult failed = pulls.qx.pull(id);

            assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
            assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e)
                    .containsIgnoringCase("password authentication failed")
                    .contains(PROBE_ROLE)
                    .contains("check the user and password in connection_config")
                    .doesNotContain(wrong, "Wrong-Pass%25word-12", PROBE_PASSWORD));
            assertThat(logs.text()).doesNotContain(wrong, "Wrong-Pass%25word-12", PROBE_PASSWORD);
        }
        assertThat(pulls.qx.watermark(id)).isEmpty();
        assertThat(pulls.sink.records()).isEmpty();

        String right = pulls.create("postgresql", Map.of("dsn", "postgresql://" + PROBE_ROLE + ":" + PROBE_PASSWORD
                + "@127.0.0.1:5432/" + db.name()), "SELECT id, name FROM products");
        PullResult ok = pulls.qx.pull(right);
        assertThat(ok.status()).as(ok.toJson()).isEqualTo(PullStatus.COMPLETED);
        assertThat(ok.recordsIngested()).isEqualTo(1);
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + PROBE_ROLE
                     + "'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("connections of " + PROBE_ROLE + " left behind").isZero();
        }
    }

    @Test
    void closingAnUnfinishedSourceStopsTheQueryOnTheServer() throws Exception {
        // Ten rows come at once; the eleventh makes the server sleep. Closing the source while a
        // reader waits for it must end the backend's work, not only drop the socket.
        String tag = "qx_cancel_probe_" + System.nanoTime();
        String query = "SELECT g AS id, 'x' AS name FROM generate_series(1, 100) g "
                + "WHERE g <= 10 OR pg_sleep(60) IS NOT NULL /* " + tag + " */";
        com.qanatix.core.spi.PullContext context = com.qanatix.core.spi.PullContext.builder().connectorId("probe")
                .config(com.qanatix.core.spi.ConnectorConfig.of(Map.of("dsn", dsn()))).query(query)
                .parameter(com.qanatix.core.spi.PullContext.LAST_PULL, Instant.EPOCH).batchSize(5).build();
        com.qanatix.core.spi.RecordSource source = new PostgresConnectorProvider().open(context);
        Thread reader = new Thread(() -> {
            try {
                while (source.hasNext()) {
                    source.next();
                }
            } catch (RuntimeException expected) {
                // the close below aborts the read
            }
        });
        reader.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sleepingBackends(tag) == 0) {
            assertThat(System.nanoTime()).as("the query never reached pg_sleep").isLessThan(deadline);
            Thread.sleep(20);
        }

        source.close();

        awaitNoBackendRunning(tag, "the backend still runs the query after close()");
        reader.join(5_000);
        assertThat(reader.isAlive()).isFalse();
    }

    /** Waits at most 5 s for no backend to run the query tagged {@code tag}, failing with {@code what} after. */
    private static void awaitNoBackendRunning(String tag, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (sleepingBackends(tag) > 0) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static long sleepingBackends(String tag) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                     + "AND pid <> pg_backend_pid() AND query LIKE '%" + tag + "%'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theServerKillingTheSessionMidPullFailsItCleanly() {
        db.execute("INSERT INTO products SELECT g, 'p' || g, 's', 1, now() FROM generate_series(1, 5000) g");
        String id = pulls.create("postgresql", Map.of("dsn", dsn()),
                "SELECT id, name FROM products ORDER BY id", b -> b.batchSize(100));
        PullResult result = pulls.qx.pull(id, new PullListener() {
            @Override
            public void progress(PullInfo pull, long pulled, long ingested, long batches) {
                if (batches == 1) {
                    db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'qx_test'");
                }
            }
        });

        assertThat(result.status()).isEqualTo(PullStatus.FAILED);
        assertThat(result.error().orElseThrow()).doesNotContain(PASSWORD);
        assertThat(pulls.qx.watermark(id)).isEmpty();
        assertThat(pulls.sink.records()).isEmpty();
        assertThat(pulls.qx.pull(id).recordsIngested()).isEqualTo(5000);
    }

}
