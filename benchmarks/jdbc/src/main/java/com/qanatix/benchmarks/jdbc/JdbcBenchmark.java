package com.qanatix.benchmarks.jdbc;

import com.qanatix.benchmarks.support.DiscardingSink;
import com.qanatix.benchmarks.support.PairedRounds;
import com.qanatix.benchmarks.support.ProcessCpu;
import com.qanatix.benchmarks.support.ReadingSink;
import com.qanatix.benchmarks.support.TimedRun;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.JsonLinesSink;
import com.qanatix.core.PullResult;
import com.qanatix.core.Qanatix;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A products table of N rows (id, name, sku, price numeric, stock, updated_at, a small JSON column)
 * pulled from PostgreSQL and from MariaDB by the connector into a sink that discards (a first pull,
 * then a re-pull in which every record is a duplicate), beside a
 * plain JDBC loop over the same query with the same driver and fetch size that reads every column
 * with {@code getObject}. After a warm-up round, rounds alternate which side goes first, in one JVM;
 * the best of each side, the median of the rounds' ratios and the peak heap used are reported.
 *
 * <p>Run: {@code benchmarks/run.sh benchmarks/jdbc com.qanatix.benchmarks.jdbc.JdbcBenchmark -Xmx64m -- --rows 1000000}
 */
public final class JdbcBenchmark {
    /**
     * {@code --no-read-ahead} / {@code --read-ahead}: Qanatix.Builder.readAhead(false / true); by
     * default (null) the connector type decides, and the JDBC types read ahead.
     */
    private static Boolean readAhead;
    private static final String QUERY = "SELECT id, name, sku, price, stock, updated_at, attrs FROM bench_products "
            + "WHERE updated_at > :last_pull";
    private static int fetch = 5000;
    /** {@code --pg-params}: query parameters for both PostgreSQL sides, e.g. {@code prepareThreshold=-1}. */
    private static String pgParams = "";
    /** {@code --reading-sink}: a sink that reads every value (parsing deferred JSON), not one that discards. */
    private static boolean readingSink;
    /** {@code --sink ndjson}: a JsonLinesSink writing to a file (deleted after each round), not one that discards. */
    private static boolean ndjsonSink;
    /**
     * {@code --store memory|directory|jdbc}: the store the pulls commit to (default memory): a new
     * directory under the system temp directory, or tables in a PostgreSQL database of their own
     * ({@code qx_bench_store}) through a HikariCP pool.
     */
    private static String storeType = "memory";
    /** The admin URL of the PostgreSQL server, for the jdbc store's database. */
    private static String pgAdminUrl;
    /** {@code --warmup W}: rounds run first and not counted (default 1: JIT compilation, the servers' caches). */
    private static int warmup = 1;

    private JdbcBenchmark() {
    }

    /** @param args {@code --rows N} (default 1,000,000), {@code --rounds R} (default 3), {@code --warmup W}
     *     (default 1), {@code --only pg|mysql},
     *     {@code --batch B} (batch and fetch size, default 5000), {@code --no-read-ahead}, {@code --read-ahead},
     *     {@code --pg-params P} (query parameters for both PostgreSQL sides), {@code --reading-sink},
     *     {@code --sink discarding|reading|ndjson} (default discarding; ndjson: a JsonLinesSink to a temporary file),
     *     {@code --mysql-fetch-modes}, {@code --store memory|directory|jdbc}
     *     (only: MySQL's streaming result set against cursor fetch, plain loops) */
    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int rounds = 3;
        String only = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                case "--batch" -> fetch = Integer.parseInt(args[++i]);
                case "--read-ahead" -> readAhead = true;
                case "--no-read-ahead" -> readAhead = false;
                case "--pg-params" -> pgParams = args[++i];
                case "--reading-sink" -> readingSink = true;
                case "--sink" -> {
                    String sink = args[++i];
                    readingSink = sink.equals("reading");
                    ndjsonSink = sink.equals("ndjson");
                    if (!readingSink && !ndjsonSink && !sink.equals("discarding")) {
                        throw new IllegalArgumentException("--sink discarding|reading|ndjson, got " + sink);
                    }
                }
                case "--mysql-fetch-modes" -> only = "mysql-fetch-modes";
                case "--store" -> storeType = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("JDBC benchmark: %,d rows, fetch/batch %d, max heap %d MB, read-ahead %s, %s sink%n", rows,
                fetch, Runtime.getRuntime().maxMemory() >> 20,
                readAhead == null ? "as the connector type decides" : readAhead,
                ndjsonSink ? "NDJSON file" : readingSink ? "reading" : "discarding");
        if (only.equals("mysql-fetch-modes")) {
            String admin = env("QANATIX_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/?user=root&password=");
            ensureMariaDb(admin, rows);
            compareMysqlFetchModes(rows, rounds);
            return;
        }
        pgAdminUrl = env("QANATIX_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        if (!only.equals("mysql")) {
            String admin = env("QANATIX_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
            ensurePostgres(admin, rows);
            String url = admin.replace("/postgres?", "/qx_bench?") + (pgParams.isEmpty() ? "" : "&" + pgParams);
            run("PostgreSQL", rows, rounds, url, "postgresql",
                    Map.of("dsn", "postgresql://postgres@127.0.0.1:5432/qx_bench" + (pgParams.isEmpty() ? "" : "?" + pgParams)),
                    fetch);
        }
        if (!only.equals("pg")) {
            String admin = env("QANATIX_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/?user=root&password=");
            ensureMariaDb(admin, rows);
            String url = "jdbc:mysql://127.0.0.1:3306/qx_bench?user=root&password=&connectionTimeZone=UTC"
                    + "&forceConnectionTimeZoneToSession=true";
            run("MariaDB", rows, rounds, url, "mysql", Map.of("host", "127.0.0.1", "user", "root", "password", "",
                    "database", "qx_bench"), Integer.MIN_VALUE);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /**
     * Warm-up rounds first (printed, not counted), then counted rounds whose order alternates
     * (plain first, then connector first), so neither side always runs on the warmer or the cooler
     * machine. Reports the best of each side and the median of the rounds' own ratios: the plain
     * loop moves by tens of percent between rounds here, and a round's two sides see the same weather.
     */
    private static void run(String label, int rows, int rounds, String plainUrl, String type,
                            Map<String, Object> config, int plainFetch) throws Exception {
        double bestPlain = 0;
        double bestConnector = 0;
        double bestRepull = 0;
        long peakPlain = 0;
        long peakConnector = 0;
        List<Double> ratios = new ArrayList<>();
        List<Double> repullRatios = new ArrayList<>();
        List<Double> plainCpu = new ArrayList<>();
        List<Double> pullCpu = new ArrayList<>();
        List<Double> repullCpu = new ArrayList<>();
        for (int r = 1 - warmup; r <= rounds; r++) {
            boolean connectorFirst = r > 0 && r % 2 == 0;
            long[] cpu = new long[2];
            PullResult[] results = new PullResult[2];
            TimedRun.Work plainSide = () -> plainLoop(plainUrl, plainFetch);
            TimedRun.Work connectorSide = () -> {
                System.arraycopy(connectorPulls(type, config, cpu), 0, results, 0, 2);
                return results[0].recordsPulled();
            };
            TimedRun plainRun;
            TimedRun connectorRun;
            if (connectorFirst) {
                connectorRun = TimedRun.of(connectorSide);
                plainRun = TimedRun.of(plainSide);
            } else {
                plainRun = TimedRun.of(plainSide);
                connectorRun = TimedRun.of(connectorSide);
            }
            check(plainRun.rows(), rows);
            check(results[0].recordsIngested(), rows);
            check(results[1].duplicatesSkipped(), rows);
            double plain = plainRun.rowsPerSecond();
            double connector = results[0].recordsPulled() / results[0].durationSeconds();
            double repull = results[1].recordsPulled() / results[1].durationSeconds();
            System.out.printf("%s %s: plain %,.0f rows/s, connector %,.0f rows/s (%.0f%%); re-pull, all "
                    + "duplicates, %,.0f rows/s (%.0f%%); plain %s, connector (both pulls) %s; client CPU a row: plain "
                    + "%.0f ns, pull %.0f ns, re-pull %.0f ns%n", label,
                    r <= 0 ? "warm-up" : "round " + r + (connectorFirst ? " (connector first)" : " (plain first)"),
                    plain, connector, 100 * connector / plain, repull, 100 * repull / plain, plainRun.gc(),
                    connectorRun.gc(), plainRun.cpuNanosPerRow(rows), cpu[0] / (double) rows, cpu[1] / (double) rows);
            if (r <= 0) {
                continue;
            }
            peakPlain = Math.max(peakPlain, plainRun.peakHeapBytes());
            peakConnector = Math.max(peakConnector, connectorRun.peakHeapBytes());
            bestPlain = Math.max(bestPlain, plain);
            bestConnector = Math.max(bestConnector, connector);
            bestRepull = Math.max(bestRepull, repull);
            ratios.add(connector / plain);
            repullRatios.add(repull / plain);
            plainCpu.add(plainRun.cpuNanosPerRow(rows));
            pullCpu.add(cpu[0] / (double) rows);
            repullCpu.add(cpu[1] / (double) rows);
        }
        System.out.printf("%s best of %d: plain %,.0f rows/s, connector %,.0f rows/s = %.0f%%, re-pull %,.0f rows/s = "
                + "%.0f%%; median of the rounds' ratios: connector %.0f%% (%.0f-%.0f%%), re-pull %.0f%%; peak heap "
                + "used: plain %d MB, connector %d MB%n", label, rounds, bestPlain, bestConnector,
                100 * bestConnector / bestPlain, bestRepull, 100 * bestRepull / bestPlain, 100 * PairedRounds.median(ratios),
                100 * Collections.min(ratios), 100 * Collections.max(ratios), 100 * PairedRounds.median(repullRatios),
                peakPlain >> 20, peakConnector >> 20);
        System.out.printf("%s client CPU a row, median of %d rounds: plain %.0f ns, pull %.0f ns (%.2fx), re-pull "
                + "%.0f ns (%.2fx)%n", label, rounds, PairedRounds.median(plainCpu), PairedRounds.median(pullCpu),
                PairedRounds.median(pullCpu) / PairedRounds.median(plainCpu), PairedRounds.median(repullCpu),
                PairedRounds.median(repullCpu) / PairedRounds.median(plainCpu));
    }

    /**
     * Why the mysql connector streams: the same plain loop with Connector/J's streaming result set
     * (fetch size {@code Integer.MIN_VALUE}) and with {@code useCursorFetch=true} at the batch size.
     */
    private static void compareMysqlFetchModes(int rows, int rounds) throws Exception {
        String url = "jdbc:mysql://127.0.0.1:3306/qx_bench?user=root&password=&connectionTimeZone=UTC"
                + "&forceConnectionTimeZoneToSession=true";
        double bestStream = 0;
        double bestCursor = 0;
        long peakStream = 0;
        long peakCursor = 0;
        for (int r = 1; r <= rounds; r++) {
            TimedRun streamRun = TimedRun.of(() -> plainLoop(url, Integer.MIN_VALUE));
            TimedRun cursorRun = TimedRun.of(() -> plainLoop(url + "&useCursorFetch=true", fetch));
            check(streamRun.rows(), rows);
            check(cursorRun.rows(), rows);
            double stream = streamRun.rowsPerSecond();
            double cursor = cursorRun.rowsPerSecond();
            peakStream = Math.max(peakStream, streamRun.peakHeapBytes());
            peakCursor = Math.max(peakCursor, cursorRun.peakHeapBytes());
            System.out.printf("MySQL round %d: streaming %,.0f rows/s, cursor fetch (%d) %,.0f rows/s%n", r, stream,
                    fetch, cursor);
            bestStream = Math.max(bestStream, stream);
            bestCursor = Math.max(bestCursor, cursor);
        }
        System.out.printf("MySQL best: streaming %,.0f rows/s (peak heap %d MB), cursor fetch %,.0f rows/s "
                + "(peak heap %d MB)%n", bestStream, peakStream >> 20, bestCursor, peakCursor >> 20);
    }

    private static void check(long got, long expected) {
        if (got != expected) {
            throw new IllegalStateException("expected " + expected + " rows, got " + got);
        }
    }

    /** The baseline: what an application would write by hand with the same driver and fetch size. */
    private static long plainLoop(String url, int fetch) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(QUERY.replace(":last_pull", "?"),
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(fetch);
                ps.setObject(1, OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                        url.startsWith("jdbc:mysql") ? Types.TIMESTAMP : Types.TIMESTAMP_WITH_TIMEZONE);
                long n = 0;
                long sink = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object v = rs.getObject(i);
                            sink += v == null ? 0 : 1;
                        }
                        n++;
                    }
                }
                c.commit();
                if (sink == 42) {
                    System.out.print("");
                }
                return n;
            }
        }
    }

    /**
     * A first pull (every record new) and a re-pull of the same rows (every record a duplicate, the
     * steady state of a connector), with one store. The lookback covers the whole table, so the
     * re-pull reads every row again.
     */
    private static PullResult[] connectorPulls(String type, Map<String, Object> config, long[] cpu) throws Exception {
        // The store is closed after the round, as a host closes it, so its index's direct memory
        // goes back for the next round's index (as in a process that keeps pulling) instead of
        // waiting for the collector.
        java.nio.file.Path file = null;
        try (StoreForRound round = StoreForRound.open(storeType, pgAdminUrl); JsonLinesSink ndjson = ndjsonSink
                ? new JsonLinesSink(file = java.nio.file.Files.createTempFile("qanatix-bench", ".ndjson")) : null;
             Qanatix qx = qanatix(round.store(), ndjson)) {
            String id = qx.connectors().create(ConnectorSpec.builder().name("bench").connectorType(type)
                    .vertical("retail").entityType("product").connectionConfig(config).query(QUERY)
                    .watermarkLookbackSeconds(Integer.MAX_VALUE).batchSize(fetch).build()).id();
            PullResult[] results = new PullResult[2];
            for (int i = 0; i < 2; i++) {
                long cpu0 = ProcessCpu.nanos();
                results[i] = qx.pull(id);
                cpu[i] = ProcessCpu.nanos() - cpu0;
            }
            for (PullResult result : results) {
                if (!result.isCompleted()) {
                    throw new IllegalStateException(result.toJson());
                }
            }
            return results;
        } finally {
            if (file != null) {
                java.nio.file.Files.deleteIfExists(file);
            }
        }
    }

    private static Qanatix qanatix(ConnectorStore store, JsonLinesSink ndjson) {
        Qanatix.Builder builder = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store)
                .sink(ndjson != null ? ndjson : readingSink ? new ReadingSink() : new DiscardingSink());
        if (readAhead != null) {
            builder.readAhead(readAhead);
        }
        return builder.build();
    }

    private static void ensurePostgres(String admin, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'qx_bench'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE qx_bench");
                }
            }
        }
        try (Connection c = DriverManager.getConnection(admin.replace("/postgres?", "/qx_bench?"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_products (id BIGINT PRIMARY KEY, name TEXT, sku TEXT, "
                    + "price NUMERIC(12,2), stock INT, updated_at TIMESTAMPTZ, attrs JSONB)");
            if (count(s) != rows) {
                System.out.printf("loading %,d rows into PostgreSQL...%n", rows);
                s.execute("TRUNCATE bench_products");
                s.execute("INSERT INTO bench_products SELECT g, 'Product ' || g, 'SKU-' || g, (g % 100000) / 100.0, "
                        + "g % 500, now() - (g || ' seconds')::interval, jsonb_build_object('color', "
                        + "CASE WHEN g % 2 = 0 THEN 'red' ELSE 'blue' END, 'weight_g', g % 1000) "
                        + "FROM generate_series(1, " + rows + ") g");
                s.execute("VACUUM ANALYZE bench_products");
            }
        }
    }

    private static void ensureMariaDb(String admin, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS qx_bench");
            s.execute("CREATE TABLE IF NOT EXISTS qx_bench.bench_products (id BIGINT PRIMARY KEY, name VARCHAR(100), "
                    + "sku VARCHAR(30), price DECIMAL(12,2), stock INT, updated_at DATETIME(6), attrs JSON)");
            if (count(s, "qx_bench.bench_products") != rows) {
                System.out.printf("loading %,d rows into MariaDB...%n", rows);
                s.execute("TRUNCATE qx_bench.bench_products");
                s.execute("USE qx_bench");
                s.execute("INSERT INTO qx_bench.bench_products SELECT seq, CONCAT('Product ', seq), CONCAT('SKU-', seq), "
                        + "(seq % 100000) / 100, seq % 500, UTC_TIMESTAMP(6) - INTERVAL seq SECOND, "
                        + "JSON_OBJECT('color', IF(seq % 2 = 0, 'red', 'blue'), 'weight_g', seq % 1000) "
                        + "FROM seq_1_to_" + rows);
            }
        }
    }

    private static long count(Statement s) throws Exception {
        return count(s, "bench_products");
    }

    private static long count(Statement s, String table) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }


}
