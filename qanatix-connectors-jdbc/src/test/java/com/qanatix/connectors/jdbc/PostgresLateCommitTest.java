package com.qanatix.connectors.jdbc;

import com.qanatix.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * {@link LateCommitContract} on PostgreSQL: rows stamped {@code now()} (their transaction's start);
 * {@code postgres} (superuser) sees every session, a role outside {@code pg_read_all_stats} does not.
 */
class PostgresLateCommitTest extends LateCommitContract {
    private static TestDatabase db;
    private static String limitedRole;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.postgres();
        limitedRole = db.name() + "_limited";
        db.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT, updated_at TIMESTAMPTZ NOT NULL)",
                "CREATE ROLE " + limitedRole + " LOGIN",
                "GRANT SELECT ON items TO " + limitedRole);
    }

    @AfterAll
    static void dropDatabase() {
        db.execute("DROP OWNED BY " + limitedRole);
        db.close();
        try (Connection c = java.sql.DriverManager.getConnection(
                System.getenv().getOrDefault("QANATIX_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"));
             Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + limitedRole);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    TestDatabase db() {
        return db;
    }

    @Override
    Map<String, Object> config(boolean seesOtherSessions) {
        String user = seesOtherSessions ? "postgres" : limitedRole;
        return Map.of("dsn", "postgresql://" + user + "@127.0.0.1:5432/" + db.name());
    }

    @Override
    String connectorType() {
        return "postgresql";
    }

    @Override
    String stampNow() {
        return "now()";
    }

    @Override
    String stampSecondsAgo(int seconds) {
        return "now() - interval '" + seconds + " seconds'";
    }

    @Override
    Instant serverNow() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT now()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }
}
