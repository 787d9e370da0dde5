package com.qanatix.examples.demo;

import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.JsonLinesSink;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;
import com.qanatix.core.Qanatix;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SDK end to end on an embedded H2 database, no server needed: create a products table,
 * register a connector (credentials encrypted), pull everything, change and add rows, pull what
 * changed, pull again with nothing changed (all duplicates), printing each result and where the
 * NDJSON went. Options: {@code --rows N} (default 1,000), {@code --out DIR} (default
 * {@code target/demo}), {@code --target postgresql|mysql} with {@code --url} (or
 * {@code QANATIX_DEMO_URL}) to run the same steps against a real server.
 */
public final class Demo {
    private final PrintStream out;
    private final int rows;
    private final Path outDir;
    private final String target;
    private final String url;

    private Demo(PrintStream out, int rows, Path outDir, String target, String url) {
        this.out = out;
        this.rows = rows;
        this.outDir = outDir;
        this.target = target;
        this.url = url;
    }

    /**
     * Runs the demo.
     *
     * @param args see the class comment
     * @throws Exception when a step fails; the demo stops there
     */
    public static void main(String[] args) throws Exception {
        fromArgs(System.out, args).run();
    }

    static Demo fromArgs(PrintStream out, String... args) {
        int rows = 1000;
        Path outDir = Path.of("target", "demo");
        String target = "h2";
        String url = System.getenv("QANATIX_DEMO_URL");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--out" -> outDir = Path.of(args[++i]);
                case "--target" -> target = args[++i];
                case "--url" -> url = args[++i];
                default -> {
                    System.err.println("unknown option " + args[i] + "; options: --rows N, --out DIR, "
                            + "--target h2|postgresql|mysql, --url URL");
                    System.exit(2);
                }
            }
        }
        return new Demo(out, rows, outDir, target, url);
    }

    /** Database-specific pieces of the demo. */
    private record Target(String jdbcUrl, String connectorType, Map<String, Object> config, String now,
                          String timestampType) {
    }

    private Target target() {
        return switch (target) {
            case "h2" -> {
                String jdbc = "jdbc:h2:" + outDir.toAbsolutePath().resolve("shop") + ";DATABASE_TO_LOWER=TRUE";
                yield new Target(jdbc, "jdbc", Map.of("url", jdbc, "user", "demo", "password", "demo-password"),
                        "CURRENT_TIMESTAMP", "TIMESTAMP WITH TIME ZONE");
            }
            case "postgresql" -> {
                String dsn = require(url, "--url postgresql://user:password@host:5432/db");
                yield new Target(PostgresUrls.toJdbc(dsn), "postgresql", Map.of("dsn", dsn), "now()", "TIMESTAMPTZ");
            }
            case "mysql" -> {
                String jdbc = require(url, "--url 'jdbc:mysql://host:3306/db?user=u&password=p'");
                Map<String, Object> config = MySqlUrls.toConfig(jdbc);
                yield new Target(jdbc, "mysql", config, "UTC_TIMESTAMP(6)", "DATETIME(6)");
            }
            default -> throw new IllegalArgumentException("--target " + target + " is not supported by this demo: use "
                    + "h2, postgresql or mysql (the mongodb and neo4j connector types are not built yet)");
        };
    }

    private static String require(String value, String example) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("this target needs a server: " + example + " (or QANATIX_DEMO_URL)");
        }
        return value;
    }

    void run() throws Exception {
        Files.createDirectories(outDir);
        Target t = target();
        String user = (String) t.config().getOrDefault("user", null);
        MultiFernet cipher = cipher();
        Path ndjson = outDir.resolve("products.ndjson");
        Files.deleteIfExists(ndjson);

        try (Connection db = t.connectorType().equals("jdbc")
                ? DriverManager.getConnection(t.jdbcUrl(), user, (String) t.config().get("password"))
                : DriverManager.getConnection(t.jdbcUrl())) {
            createProducts(db, t);
            try (JsonLinesSink sink = new JsonLinesSink(ndjson);
                 Qanatix qx = Qanatix.builder().cipher(cipher).store(ConnectorStore.directory(outDir.resolve("store")))
                         .sink(sink).listener(new ProgressBar(out)).build()) {
                Connector connector = qx.connectors().create(ConnectorSpec.builder()
                        .name("Demo products").connectorType(t.connectorType()).vertical("retail").entityType("product")
                        .connectionConfig(t.config())
                        .query("SELECT id, name, sku, price, stock, updated_at FROM demo_products "
                                + "WHERE updated_at > :last_pull")
                        .nameColumn("name").batchSize(5000).build());
                out.println("registered connector " + connector.id() + " (type " + t.connectorType()
                        + "); as stored and shown:");
                out.println("  " + connector.toJson());
                out.println("  the store holds its connection_config only as a Fernet token: "
                        + outDir.resolve("store").resolve(connector.id() + ".connector.json"));

                step(qx, connector, "1. full pull: every row is new");
                int changed = Math.max(1, rows / 10);
                try (Statement s = db.createStatement()) {
                    s.executeUpdate("UPDATE demo_products SET price = price + 1, updated_at = " + t.now()
                            + " WHERE id <= " + changed);
                }
                insert(db, rows + 1, rows + 5, t);
                step(qx, connector, "2. incremental pull after changing " + changed + " rows and inserting 5: "
                        + "only those are ingested; rows inside the 300 s lookback come again and are skipped");
                step(qx, connector, "3. pull with nothing changed: everything the lookback re-reads is a duplicate");
            }
        }
        long lines;
        try (java.util.stream.Stream<String> all = Files.lines(ndjson)) {
            lines = all.count();
        }
        out.printf("NDJSON output (one record a line, QANATIX ingest shape): %s (%,d lines)%n", ndjson.toAbsolutePath(),
                lines);
    }

    private MultiFernet cipher() {
        String env = System.getenv("CONNECTOR_ENCRYPTION_KEY");
        if (env != null && !env.isBlank()) {
            out.println("encryption: the keys in CONNECTOR_ENCRYPTION_KEY (first one encrypts)");
            return MultiFernet.fromEnvironment();
        }
        out.println("encryption: CONNECTOR_ENCRYPTION_KEY is not set, so this demo uses a random key that lives only "
                + "in this process. Credentials stored with it cannot be read after a restart; production must set "
                + "CONNECTOR_ENCRYPTION_KEY (generate one: FernetKey.generate().encoded()).");
        return MultiFernet.of(FernetKey.generate());
    }

    private void step(Qanatix qx, Connector connector, String title) {
        out.println(title);
        PullResult result = qx.pull(connector.id());
        out.println("  " + result.toJson());
        if (result.recordsPulled() > 0 && result.durationSeconds() > 0) {
            out.printf("  throughput: %,.0f records/s%n", result.recordsPulled() / result.durationSeconds());
        }
        if (!result.isCompleted()) {
            throw new IllegalStateException("pull failed: " + result.error().orElse("?"));
        }
    }

    private void createProducts(Connection db, Target t) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("DROP TABLE IF EXISTS demo_products");
            s.execute("CREATE TABLE demo_products (id BIGINT PRIMARY KEY, name VARCHAR(100), sku VARCHAR(30), "
                    + "price DECIMAL(12,2), stock INT, updated_at " + t.timestampType() + " NOT NULL)");
        }
        out.printf("created table demo_products with %,d rows%n", rows);
        insert(db, 1, rows, t);
    }

    private static void insert(Connection db, int from, int to, Target t) throws SQLException {
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO demo_products VALUES (?, ?, ?, ?, ?, "
                + t.now() + ")")) {
            for (int id = from; id <= to; id++) {
                ps.setLong(1, id);
                ps.setString(2, "Product " + id);
                ps.setString(3, "SKU-" + id);
                ps.setBigDecimal(4, java.math.BigDecimal.valueOf(id % 10_000, 2));
                ps.setInt(5, id % 500);
                ps.addBatch();
                if (id % 10_000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            db.commit();
        } finally {
            db.setAutoCommit(autoCommit);
        }
    }

    /** Draws a progress bar on long pulls, from the listener's progress events. */
    private static final class ProgressBar implements PullListener {
        private final PrintStream out;
        private long startNanos;
        private boolean drawn;

        ProgressBar(PrintStream out) {
            this.out = out;
        }

        @Override
        public void pullStarted(PullInfo pull) {
            startNanos = System.nanoTime();
            drawn = false;
        }

        @Override
        public void progress(PullInfo pull, long pulled, long ingested, long batches) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            if (elapsed.toMillis() < 500) {
                return; // short pulls need no bar
            }
            int width = (int) Math.min(40, batches);
            out.printf("\r  [%-40s] %,d pulled, %,d ingested, %,.0f/s", "#".repeat(width), pulled, ingested,
                    pulled / Math.max(0.001, elapsed.toNanos() / 1e9));
            drawn = true;
        }

        @Override
        public void pullFinished(PullInfo pull, PullResult result) {
            if (drawn) {
                out.println();
            }
        }
    }

    /** Turns a libpq DSN into a JDBC URL for the demo's own table setup. */
    static final class PostgresUrls {
        private PostgresUrls() {
        }

        static String toJdbc(String dsn) {
            java.net.URI u = java.net.URI.create(dsn.replaceFirst("^postgres(ql)?://", "http://"));
            String userInfo = u.getRawUserInfo() == null ? "" : u.getRawUserInfo();
            String[] parts = userInfo.split(":", 2);
            StringBuilder sb = new StringBuilder("jdbc:postgresql://").append(u.getHost()).append(':')
                    .append(u.getPort() < 0 ? 5432 : u.getPort()).append(u.getRawPath()).append("?user=").append(parts[0]);
            if (parts.length > 1) {
                sb.append("&password=").append(parts[1]);
            }
            return sb.toString();
        }
    }

    /** Reads host, port, database, user and password out of a MySQL JDBC URL for the connector config. */
    static final class MySqlUrls {
        private MySqlUrls() {
        }

        static Map<String, Object> toConfig(String jdbcUrl) {
            java.net.URI u = java.net.URI.create(jdbcUrl.substring("jdbc:".length()).replaceFirst("^mysql:", "http:"));
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("host", u.getHost());
            config.put("port", u.getPort() < 0 ? 3306 : u.getPort());
            config.put("database", u.getPath().substring(1));
            for (String pair : (u.getRawQuery() == null ? "" : u.getRawQuery()).split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && (kv[0].equals("user") || kv[0].equals("password"))) {
                    config.put(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return config;
        }
    }
}
