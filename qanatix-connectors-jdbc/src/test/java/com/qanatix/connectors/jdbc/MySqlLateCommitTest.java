package com.qanatix.connectors.jdbc;

import com.qanatix.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link LateCommitContract} on MySQL/MariaDB: rows stamped {@code UTC_TIMESTAMP(6)} (their
 * statement's start) in a {@code DATETIME(6)}; a user with {@code PROCESS} sees every session's
 * transaction in {@code information_schema.innodb_trx}, one without it is refused.
 */
class MySqlLateCommitTest extends LateCommitContract {
    private static final String PASSWORD = "Wm-Planted-Secret-14";
    private static TestDatabase db;
    private static String fullUser;
    private static String limitedUser;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.mysql();
        fullUser = db.name() + "_f";
        limitedUser = db.name() + "_l";
        db.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(100), updated_at DATETIME(6) NOT NULL)",
                "CREATE USER '" + fullUser + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
                "CREATE USER '" + limitedUser + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT SELECT ON " + db.name() + ".* TO '" + fullUser + "'@'%'",
                "GRANT PROCESS ON *.* TO '" + fullUser + "'@'%'",
                "GRANT SELECT ON " + db.name() + ".* TO '" + limitedUser + "'@'%'");
    }

    @AfterAll
    static void dropDatabase() {
        db.execute("DROP USER '" + fullUser + "'@'%'", "DROP USER '" + limitedUser + "'@'%'");
        db.close();
    }

    @Override
    TestDatabase db() {
        return db;
    }

    @Override
    Map<String, Object> config(boolean seesOtherSessions) {
        Map<String, Object> c = new HashMap<>();
        c.put("host", "127.0.0.1");
        c.put("port", 3306);
        c.put("user", seesOtherSessions ? fullUser : limitedUser);
        c.put("password", PASSWORD);
        c.put("database", db.name());
        return c;
    }

    @Override
    String connectorType() {
        return "mysql";
    }

    @Override
    String stampNow() {
        return "UTC_TIMESTAMP(6)";
    }

    @Override
    String stampSecondsAgo(int seconds) {
        return "UTC_TIMESTAMP(6) - INTERVAL " + seconds + " SECOND";
    }

    @Override
    Instant serverNow() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT UTC_TIMESTAMP(6)")) {
            rs.next();
            return rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        }
    }
}
