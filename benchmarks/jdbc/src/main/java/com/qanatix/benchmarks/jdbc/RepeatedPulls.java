package com.qanatix.benchmarks.jdbc;

import com.qanatix.benchmarks.support.DiscardingSink;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.PullResult;
import com.qanatix.core.Qanatix;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

/**
 * A first pull and re-pulls of the 1M-row PostgreSQL benchmark table (load it with
 * {@link JdbcBenchmark} first) through one connector and one store, to show that a small heap
 * holds a connector's steady state: the store's fingerprints plus a pull's, in direct memory. Run
 * it with {@code -XX:+DisableExplicitGC} too: then the JDK cannot collect garbage buffers when the
 * direct-memory limit is near, and only reuse keeps pulls going.
 *
 * <p>Run: {@code benchmarks/run.sh benchmarks/jdbc com.qanatix.benchmarks.jdbc.RepeatedPulls -Xmx64m
 * -XX:+DisableExplicitGC -- --store memory|directory|jdbc --pulls 4}
 */
public final class RepeatedPulls {
    private static final String QUERY = "SELECT id, name, sku, price, stock, updated_at, attrs FROM bench_products "
            + "WHERE updated_at > :last_pull";

    private RepeatedPulls() {
    }

    /** @param args {@code --store memory|directory|jdbc} (default memory), {@code --pulls N} (default 4) */
    public static void main(String[] args) throws Exception {
        String kind = "memory";
        int pulls = 4;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--store" -> kind = args[++i];
                case "--pulls" -> pulls = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("repeated pulls: store %s, %d pulls, max heap %d MB%n", kind, pulls,
                Runtime.getRuntime().maxMemory() >> 20);
        ConnectorStore store = switch (kind) {
            case "memory" -> ConnectorStore.inMemory();
            case "directory" -> ConnectorStore.directory(Files.createTempDirectory("qanatix-store"));
            case "jdbc" -> ConnectorStore.jdbc(storeDatabase());
            default -> throw new IllegalArgumentException("--store memory|directory|jdbc");
        };
        try (Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store)
                .sink(new DiscardingSink()).build()) {
            String id = qx.connectors().create(ConnectorSpec.builder().name("bench").connectorType("postgresql")
                    .vertical("retail").entityType("product")
                    .connectionConfig(Map.of("dsn", "postgresql://postgres@127.0.0.1:5432/qx_bench")).query(QUERY)
                    .watermarkLookbackSeconds(Integer.MAX_VALUE).batchSize(5000).build()).id();
            for (int i = 1; i <= pulls; i++) {
                PullResult result = qx.pull(id);
                System.out.printf("pull %d: %s%n", i, result.toJson());
            }
        }
    }

    private static PGSimpleDataSource storeDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS qx_bench_store");
            s.execute("CREATE DATABASE qx_bench_store");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL("jdbc:postgresql://127.0.0.1:5432/qx_bench_store?user=postgres");
        return ds;
    }
}
