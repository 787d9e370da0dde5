package com.qanatix.examples.demo;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Products in a SQL table: an embedded H2 database (connector type {@code jdbc}), PostgreSQL
 * ({@code postgresql}) or MySQL/MariaDB ({@code mysql}). {@code updated_at} is set with the
 * database's own clock, as an application would.
 */
final class JdbcDemoProducts implements DemoProducts {
    private static final int BATCH = 5_000;

    private final String description;
    private final String connectorType;
    private final Map<String, Object> connectionConfig;
    private final String table;
    private final String createTable;
    private final String now;
    private final String dayAgo;
    private final boolean dropsTable;
    private final Connection connection;

    private JdbcDemoProducts(String description, String connectorType, Map<String, Object> connectionConfig,
                             String table, String timestampType, String now, String dayAgo, boolean dropsTable,
                             Connection connection) {
        this.description = description;
        this.connectorType = connectorType;
        this.connectionConfig = connectionConfig;
        this.table = table;
        this.createTable = "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, name VARCHAR(200) NOT NULL, "
                + "sku VARCHAR(40) NOT NULL, price DECIMAL(12,2) NOT NULL, stock INT NOT NULL, updated_at "
                + timestampType + " NOT NULL)";
        this.now = now;
        this.dayAgo = dayAgo;
        this.dropsTable = dropsTable;
        this.connection = connection;
    }

    /** An H2 database in a file under {@code directory}, read through the generic {@code jdbc} type. */
    static JdbcDemoProducts h2(Path directory) {
        // DATABASE_TO_LOWER: H2 would otherwise report unquoted column names in upper case.
        String url = "jdbc:h2:file:" + directory.resolve("shop").toAbsolutePath() + ";DATABASE_TO_LOWER=TRUE";
        String user = "demo";
        String password = "demo-h2-password";
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", url);
        config.put("user", user);
        config.put("password", password);
        Properties props = credentials(user, password);
        return new JdbcDemoProducts("embedded H2 database " + directory.resolve("shop.mv.db").toAbsolutePath()
                + ", table products", "jdbc", config, "products", "TIMESTAMP WITH TIME ZONE",
                "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP - INTERVAL '1' DAY", false, connect(url, props));
    }

    /** A PostgreSQL server named by a DSN {@code postgresql://user:password@host:port/database}. */
    static JdbcDemoProducts postgres(String dsn) {
        URI uri = uri(dsn, "postgresql");
        String[] userInfo = userInfo(uri);
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String url = "jdbc:postgresql://" + uri.getHost() + ":" + port + path
                + (uri.getRawQuery() == null ? "?" : "?" + uri.getRawQuery() + "&") + "reWriteBatchedInserts=true";
        return new JdbcDemoProducts("PostgreSQL " + uri.getHost() + ":" + port + path + ", table qanatix_demo_products",
                "postgresql", Map.of("dsn", dsn), "qanatix_demo_products", "TIMESTAMPTZ", "CURRENT_TIMESTAMP",
                "CURRENT_TIMESTAMP - INTERVAL '1' DAY", true, connect(url, credentials(userInfo[0], userInfo[1])));
    }

    /** A MySQL or MariaDB server named by {@code mysql://user:password@host:port/database} (created if absent). */
    static JdbcDemoProducts mysql(String mysqlUrl) {
        URI uri = uri(mysqlUrl, "mysql");
        String[] userInfo = userInfo(uri);
        int port = uri.getPort() < 0 ? 3306 : uri.getPort();
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "qanatix_demo" : uri.getPath().substring(1);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("host", uri.getHost());
        config.put("port", port);
        config.put("user", userInfo[0] == null ? "root" : userInfo[0]);
        if (userInfo[1] != null) {
            config.put("password", userInfo[1]);
        }
        config.put("database", database);
        Connection connection = connect("jdbc:mysql://" + uri.getHost() + ":" + port + "/?rewriteBatchedStatements=true",
                credentials((String) config.get("user"), userInfo[1]));
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + database.replace("`", "``") + "`");
            connection.setCatalog(database);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("cannot create or use database " + database + ": " + e.getMessage(), e);
        }
        return new JdbcDemoProducts("MySQL " + uri.getHost() + ":" + port + "/" + database
                + ", table qanatix_demo_products", "mysql", config, "qanatix_demo_products", "TIMESTAMP(6)",
                "CURRENT_TIMESTAMP(6)", "CURRENT_TIMESTAMP(6) - INTERVAL 1 DAY", true, connection);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String connectorType() {
        return connectorType;
    }

    @Override
    public Map<String, Object> connectionConfig() {
        return connectionConfig;
    }

    @Override
    public String query() {
        return "SELECT id, name, sku, price, stock, updated_at FROM " + table + " WHERE updated_at > :last_pull";
    }

    @Override
    public String sourceIdColumn() {
        return "id";
    }

    @Override
    public void create(long rows) {
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
                s.execute(createTable);
                // Incremental pulls read only recent rows: with this index, a pull of what changed in a
                // million rows reads those rows, not the table.
                s.execute("CREATE INDEX " + table + "_updated_at ON " + table + " (updated_at)");
            }
            insertRows(1, rows, dayAgo);
        } catch (SQLException e) {
            throw new IllegalStateException("creating the products table failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void update(List<Long> ids) {
        String sql = "UPDATE " + table + " SET price = price + 1, updated_at = " + now + " WHERE id = ?";
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int pending = 0;
                for (long id : ids) {
                    ps.setLong(1, id);
                    ps.addBatch();
                    if (++pending == BATCH) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                ps.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("updating products failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void insert(long firstId, long count) {
        try {
            insertRows(firstId, count, now);
        } catch (SQLException e) {
            throw new IllegalStateException("inserting products failed: " + e.getMessage(), e);
        }
    }

    private void insertRows(long firstId, long count, String updatedAt) throws SQLException {
        String sql = "INSERT INTO " + table + " (id, name, sku, price, stock, updated_at) VALUES (?, ?, ?, ?, ?, "
                + updatedAt + ")";
        connection.setAutoCommit(false);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int pending = 0;
            for (long id = firstId; id < firstId + count; id++) {
                ps.setLong(1, id);
                ps.setString(2, DemoProducts.name(id));
                ps.setString(3, DemoProducts.sku(id));
                ps.setBigDecimal(4, DemoProducts.price(id));
                ps.setLong(5, DemoProducts.stock(id));
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    connection.commit();
                    pending = 0;
                }
            }
            ps.executeBatch();
        }
        connection.commit();
    }

    @Override
    public void drop() {
        if (!dropsTable) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            connection.setAutoCommit(true);
            s.execute("DROP TABLE IF EXISTS " + table);
        } catch (SQLException e) {
            throw new IllegalStateException("dropping " + table + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static URI uri(String text, String scheme) {
        try {
            URI uri = new URI(text);
            if (!scheme.equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("the " + scheme + " URL must look like " + scheme
                        + "://user:password@host:port/database");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the " + scheme + " URL is malformed at index " + e.getIndex());
        }
    }

    /** @return user and password (either may be null), percent-decoded */
    private static String[] userInfo(URI uri) {
        String info = uri.getUserInfo();
        if (info == null) {
            return new String[] {null, null};
        }
        int colon = info.indexOf(':');
        return colon < 0 ? new String[] {info, null} : new String[] {info.substring(0, colon), info.substring(colon + 1)};
    }

    private static Properties credentials(String user, String password) {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return props;
    }

    private static Connection connect(String url, Properties props) {
        try {
            return DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            // The URL holds no password here (credentials travel as properties), so it may be shown.
            throw new IllegalStateException("cannot connect to " + url + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // the demo is ending; nothing to do
        }
    }
}
