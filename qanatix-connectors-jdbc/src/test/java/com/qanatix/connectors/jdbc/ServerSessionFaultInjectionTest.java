package com.qanatix.connectors.jdbc;

import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database server kills the pull's session after the first batch reached the sink, on the real
 * PostgreSQL and MariaDB: the pull fails, the sink gets an abort, nothing is committed, and the next
 * pull delivers every row exactly once.
 */
@Tag("fault-injection")
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServerSessionFaultInjectionTest {
    private static final int ROWS = 5000;

    @Test
    void aPostgresqlSessionTerminatedMidPullLosesNothingAndCommitsNothing() {
        String app = "qx_fault_" + UUID.randomUUID().toString().substring(0, 8);
        try (TestDatabase db = TestDatabase.postgres(); JdbcPulls pulls = new JdbcPulls()) {
            db.execute("CREATE TABLE products (id BIGINT PRIMARY KEY, name TEXT)",
                    "INSERT INTO products SELECT g, 'p' || g FROM generate_series(1, " + ROWS + ") g");
            String id = pulls.create("postgresql", Map.of("dsn", "postgresql://postgres@127.0.0.1:5432/" + db.name()
                    + "?application_name=" + app), "SELECT id, name FROM products ORDER BY id", b -> b.batchSize(100));
            assertKilledPullLosesNothing(pulls, id, () -> db.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + app + "'"));
        }
    }

    @Test
    void aMariadbSessionKilledMidPullLosesNothingAndCommitsNothing() throws Exception {
        String user = "qx_fault_" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Fault-Pass-" + UUID.randomUUID();
        try (TestDatabase db = TestDatabase.mysql(); JdbcPulls pulls = new JdbcPulls()) {
            db.execute("CREATE TABLE products (id BIGINT PRIMARY KEY, name VARCHAR(20))",
                    "INSERT INTO products SELECT seq, CONCAT('p', seq) FROM seq_1_to_" + ROWS,
                    "CREATE TABLE knobs (stall INT)", "INSERT INTO knobs VALUES (1)",
                    "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                    "GRANT SELECT ON " + db.name() + ".* TO '" + user + "'@'%'");
            try {
                Map<String, Object> config = new HashMap<>();
                config.put("host", "127.0.0.1");
                config.put("user", user);
                config.put("password", password);
                config.put("database", db.name());
                // The server stalls at row 4000 while the knob is on, so the session is busy when killed.
                String id = pulls.create("mysql", config, "SELECT id, name FROM products "
                        + "WHERE SLEEP(IF(id = 4000 AND (SELECT stall FROM knobs) = 1, 30, 0)) = 0", b -> b.batchSize(100));
                assertKilledPullLosesNothing(pulls, id, () -> {
                    try (Connection c = db.connect(); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '"
                                 + user + "'")) {
                        while (rs.next()) {
                            db.execute("KILL " + rs.getLong(1));
                        }
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    db.execute("UPDATE knobs SET stall = 0");
                });
            } finally {
                db.execute("DROP USER IF EXISTS '" + user + "'@'%'");
            }
        }
    }

    private static void assertKilledPullLosesNothing(JdbcPulls pulls, String id, Runnable kill) {
        PullResult killed = pulls.qx.pull(id, new PullListener() {
            @Override
            public void progress(PullInfo pull, long pulled, long ingested, long batches) {
                if (batches == 1) {
                    kill.run();
                }
            }
        });

        assertThat(killed.status()).as(killed.toJson()).isEqualTo(PullStatus.FAILED);
        assertThat(killed.recordsIngested()).as("batches reached the sink before the kill").isPositive();
        assertThat(pulls.sink.aborts()).isEqualTo(1);
        assertThat(pulls.sink.commits()).isZero();
        assertThat(pulls.sink.records()).isEmpty();
        assertThat(pulls.qx.watermark(id)).isEmpty();

        PullResult retry = pulls.qx.pull(id);
        assertThat(retry.status()).as(retry.toJson()).isEqualTo(PullStatus.COMPLETED);
        assertThat(pulls.sink.records()).extracting(IngestRecord::sourceId).doesNotHaveDuplicates().hasSize(ROWS);
        assertThat(pulls.qx.pull(id).recordsIngested()).as("and only once").isZero();
    }
}
