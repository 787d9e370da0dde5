package com.qanatix.core.testing;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * A fresh, empty database on a real server, created for one test class and dropped by
 * {@link #close()}. The servers are the machine's local services unless environment variables name
 * others: {@code QANATIX_TEST_PG_URL} (a JDBC URL with credentials, default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}) and {@code QANATIX_TEST_MYSQL_URL}
 * (default {@code jdbc:mysql://127.0.0.1:3306/?user=root&password=}).
 */
public final class TestDatabase implements AutoCloseable {
    /** Which server. */
    public enum Kind { POSTGRESQL, MYSQL }

    private final Kind kind;
    private final String adminUrl;
    private final String name;
    private final String url;

    private TestDatabase(Kind kind, String adminUrl, String name, String url) {
        this.kind = kind;
        this.adminUrl = adminUrl;
        this.name = name;
        this.url = url;
    }

    /** @return a new database on the test PostgreSQL */
    public static TestDatabase postgres() {
        String admin = env("QANATIX_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        String name = "qx_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(admin, Kind.POSTGRESQL, "CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        return new TestDatabase(Kind.POSTGRESQL, admin, name, replaceDatabase(admin, name));
    }

    /** @return a new database on the test MySQL/MariaDB */
    public static TestDatabase mysql() {
        String admin = env("QANATIX_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/?user=root&password=");
        String name = "qx_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(admin, Kind.MYSQL, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return new TestDatabase(Kind.MYSQL, admin, name, replaceDatabase(admin, name));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String replaceDatabase(String adminUrl, String database) {
        int schemeEnd = adminUrl.indexOf("//") + 2;
        int slash = adminUrl.indexOf('/', schemeEnd);
        int query = adminUrl.indexOf('?');
        String head = adminUrl.substring(0, slash + 1);
        String tail = query < 0 ? "" : adminUrl.substring(query);
        return head + database + tail;
    }

    private static void execute(String url, Kind kind, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            String how = kind == Kind.POSTGRESQL
                    ? "start PostgreSQL on 127.0.0.1:5432 with user postgres and trust auth "
                    + "(scripts/ensure-test-services.sh does it on Debian) or set QANATIX_TEST_PG_URL"
                    : "start MariaDB/MySQL on 127.0.0.1:3306 with user root and an empty password "
                    + "(scripts/ensure-test-services.sh does it on Debian) or set QANATIX_TEST_MYSQL_URL";
            throw new IllegalStateException("test database server unreachable (" + e.getMessage() + "): " + how, e);
        }
    }

    /** @return which server */
    public Kind kind() {
        return kind;
    }

    /** @return the database's name */
    public String name() {
        return name;
    }

    /** @return a JDBC URL of the database, with credentials */
    public String jdbcUrl() {
        return url;
    }

    /** @return a new connection to the database */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /**
     * Runs statements in the database.
     *
     * @param sql statements
     */
    public void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** @return an unpooled DataSource on the database */
    public DataSource dataSource() {
        return new DriverManagerDataSource(url);
    }

    /** Drops the database, closing the sessions still on it. */
    @Override
    public void close() {
        if (kind == Kind.POSTGRESQL) {
            execute(adminUrl, kind, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } else {
            execute(adminUrl, kind, "DROP DATABASE IF EXISTS " + name);
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " database " + name;
    }

    /** A minimal DataSource over DriverManager, for tests. */
    private record DriverManagerDataSource(String url) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
