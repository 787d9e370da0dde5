package com.qanatix.benchmarks.jdbc;

import com.qanatix.benchmarks.support.DiscardingSink;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.PullResult;
import com.qanatix.core.Qanatix;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;

/**
 * What an incremental pull costs in the JDBC store as the connector grows: two connectors over one
 * PostgreSQL table of {@code --ids} rows, one reading every row (so its store holds every id), one
 * reading the first 20,000; then rounds in which 15,000 rows of both change and each connector
 * pulls them (alternating which goes first). Each pull reads 15,000 rows and ingests them all; the
 * summary gives the median of the rounds' big/small ratios.
 *
 * <p>Run: {@code benchmarks/run.sh benchmarks/jdbc com.qanatix.benchmarks.jdbc.IncrementalPulls -Xmx64m
 * -- --ids 1000000 --rounds 7}
 */
public final class IncrementalPulls {
    private static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final String SOURCE_DB = "qx_bench_incremental";
    private static final String STORE_DB = "qx_bench_incremental_store";
    private static final int SMALL = 20_000;
    private static final int CHANGED = 15_000;

    private IncrementalPulls() {
    }

    /** @param args {@code --ids N} (default 1,000,000), {@code --rounds R} (default 7) */
    public static void main(String[] args) throws Exception {
        int ids = 1_000_000;
        int rounds = 7;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ids" -> ids = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String source = freshDatabase(SOURCE_DB);
        try (Connection c = DriverManager.getConnection(source); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT NOT NULL, stock INT NOT NULL, "
                    + "updated_at TIMESTAMPTZ NOT NULL)");
            s.execute("INSERT INTO items SELECT g, 'item ' || g, g % 100, now() - interval '1 day' "
                    + "FROM generate_series(1, " + ids + ") g");
            s.execute("CREATE INDEX items_updated_at ON items (updated_at)");
            s.execute("ANALYZE items");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(freshDatabase(STORE_DB));
        config.setMaximumPoolSize(4);
        System.out.printf("incremental pulls: JDBC store (PostgreSQL), %,d and %,d ids, %,d rows changed a round, "
                + "max heap %d MB%n", ids, SMALL, CHANGED, Runtime.getRuntime().maxMemory() >> 20);
        try (HikariDataSource pool = new HikariDataSource(config);
             ConnectorStore store = ConnectorStore.jdbc(pool);
             Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store)
                     .sink(new DiscardingSink()).build()) {
            String dsn = "postgresql://postgres@127.0.0.1:5432/" + SOURCE_DB;
            String big = connector(qx, dsn, "big", "TRUE");
            String small = connector(qx, dsn, "small", "id <= " + SMALL);
            report("first pull, big", qx.pull(big));
            report("first pull, small", qx.pull(small));
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                try (Connection c = DriverManager.getConnection(source); Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE items SET stock = stock + 1, updated_at = clock_timestamp() "
                            + "WHERE id <= " + CHANGED);
                }
                PullResult b;
                PullResult sm;
                if (r % 2 == 0) {
                    b = qx.pull(big);
                    sm = qx.pull(small);
                } else {
                    sm = qx.pull(small);
                    b = qx.pull(big);
                }
                check(b);
                check(sm);
                ratios[r] = b.durationSeconds() / sm.durationSeconds();
                System.out.printf("round %d: big %.3f s, small %.3f s, big/small %.2f (ingested %d / %d)%n", r + 1,
                        b.durationSeconds(), sm.durationSeconds(), ratios[r], b.recordsIngested(),
                        sm.recordsIngested());
            }
            Arrays.sort(ratios);
            System.out.printf("median big/small: %.2f (range %.2f-%.2f)%n", ratios[rounds / 2], ratios[0],
                    ratios[rounds - 1]);
        }
    }

    private static String connector(Qanatix qx, String dsn, String name, String filter) {
        return qx.connectors().create(ConnectorSpec.builder().name(name).connectorType("postgresql")
                .vertical("retail").entityType("item").connectionConfig(Map.of("dsn", dsn))
                .query("SELECT id, name, stock, updated_at FROM items WHERE " + filter
                        + " AND updated_at > :last_pull")
                .sourceIdColumn("id").watermarkLookbackSeconds(0).batchSize(5000).build()).id();
    }

    private static void report(String what, PullResult result) {
        check(result);
        System.out.printf("%s: %,d rows in %.3f s%n", what, result.recordsPulled(), result.durationSeconds());
    }

    private static void check(PullResult result) {
        if (!result.isCompleted() || result.recordsIngested() != result.recordsPulled()) {
            throw new IllegalStateException(result.toJson());
        }
    }

    private static String freshDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return ADMIN.replace("/postgres?", "/" + name + "?");
    }
}
