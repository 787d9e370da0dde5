package com.qanatix.benchmarks.neo4j;

import com.qanatix.connectors.neo4j.Neo4jConnectorProvider;
import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullResult;
import com.qanatix.core.Qanatix;
import com.qanatix.core.Record;
import com.qanatix.core.RecordSink;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.Value;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Neo4j connector throughput against a plain driver loop, in one run, interleaved.
 *
 * <p>Starts {@link Neo4jBenchmarkServer} in a separate JVM (its own heap; only this client's heap is
 * capped), then for each round runs, in turn: (1) {@code pull}: a full {@code Qanatix.pull} of the
 * connector into a sink that discards batches (normalization, fingerprints and dedup included),
 * (2) {@code source}: the connector's {@code RecordSource} alone, and (3) {@code plain}: the driver
 * with the same query, database, fetch size and read transaction, calling {@code asObject()} on every
 * value. Reports rows/s per variant (best of the rounds), their ratios, and this JVM's peak heap used
 * (sampled every 5 ms) and GC count.
 *
 * <p>{@code benchmarks/run.sh benchmarks/neo4j com.qanatix.benchmarks.neo4j.Neo4jBenchmark -Xmx64m -- --rows 200000}
 */
public final class Neo4jBenchmark {
    /** {@code --read-ahead}: read the source on a thread of its own (Qanatix.Builder.readAhead(true)). */
    private static boolean readAhead;
    static final String QUERY = "MATCH (p:Product)-[:MADE_BY]->(s:Supplier) WHERE p.updated_at > $last_pull "
            + "RETURN p.sku AS id, p.name AS name, p.price AS price, p.stock AS stock, p.active AS active, "
            + "p.tags AS tags, p.updated_at AS updated_at, s.name AS supplier";

    private Neo4jBenchmark() {
    }

    /**
     * @param args {@code --rows N --rounds N --batch N --port N --server-heap 1g [--read-ahead]}, or {@code --uri bolt://...}
     *             for a server that is already running and seeded
     * @throws Exception when the server cannot be started
     */
    public static void main(String[] args) throws Exception {
        readAhead = java.util.Arrays.asList(args).contains("--read-ahead");
        int rows = Integer.parseInt(option(args, "--rows", "200000"));
        int rounds = Integer.parseInt(option(args, "--rounds", "5"));
        int batch = Integer.parseInt(option(args, "--batch", "5000"));
        String uri = option(args, "--uri", null);
        Process server = null;
        if (uri == null) {
            server = startServer(option(args, "--port", "17687"), rows, option(args, "--server-heap", "1g"));
            uri = awaitReady(server);
        }
        HeapSampler heap = new HeapSampler();
        try {
            heap.start();
            Map<String, Object> config = Map.of("uri", uri);
            System.out.printf(Locale.ROOT, "rows=%d batch=%d rounds=%d java=%s maxHeap=%dMB%n", rows, batch, rounds,
                    System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
            long[] best = new long[3];
            String[] names = {"pull", "source", "plain"};
            for (int round = 0; round <= rounds; round++) {
                long[] rates = {pull(config, batch, rows), source(config, batch, rows), plain(uri, batch, rows)};
                String label = round == 0 ? "warm-up" : "round " + round;
                System.out.printf(Locale.ROOT, "%-8s pull %,9d rows/s   source %,9d rows/s   plain %,9d rows/s%n",
                        label, rates[0], rates[1], rates[2]);
                if (round > 0) {
                    for (int i = 0; i < 3; i++) {
                        best[i] = Math.max(best[i], rates[i]);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "best     %s %,d  %s %,d  %s %,d rows/s%n", names[0], best[0], names[1], best[1],
                    names[2], best[2]);
            System.out.printf(Locale.ROOT, "ratio    pull/plain %.1f%%   source/plain %.1f%%%n",
                    100.0 * best[0] / best[2], 100.0 * best[1] / best[2]);
            System.out.printf(Locale.ROOT, "client   peak heap used %.1f MB (cap %d MB), GCs %d%n",
                    heap.peak() / 1048576.0, Runtime.getRuntime().maxMemory() >> 20, gcCount());
        } finally {
            heap.interrupt();
            if (server != null) {
                server.getOutputStream().close();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroy();
                }
            }
        }
    }

    private static long pull(Map<String, Object> config, int batch, int rows) {
        DiscardingSink sink = new DiscardingSink();
        try (Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).readAhead(readAhead)
                .sink(sink).build()) {
            Connector c = qx.connectors().create(ConnectorSpec.builder().name("bench").connectorType("neo4j")
                    .vertical("retail").entityType("product").connectionConfig(config).query(QUERY).batchSize(batch)
                    .build());
            long t0 = System.nanoTime();
            PullResult result = qx.pull(c.id());
            long elapsed = System.nanoTime() - t0;
            check(result.isCompleted() && result.recordsIngested() == rows && sink.rows == rows,
                    "pull: " + result + ", sink saw " + sink.rows);
            return rate(rows, elapsed);
        }
    }

    private static long source(Map<String, Object> config, int batch, int rows) {
        PullContext context = PullContext.builder().config(ConnectorConfig.of(config)).query(QUERY).batchSize(batch)
                .build();
        long t0 = System.nanoTime();
        long n = 0;
        long checksum = 0;
        try (RecordSource source = new Neo4jConnectorProvider().open(context)) {
            while (source.hasNext()) {
                Map<String, Object> row = source.next();
                checksum += row.size();
                n++;
            }
        }
        long elapsed = System.nanoTime() - t0;
        check(n == rows && checksum == 8L * rows, "source read " + n);
        return rate(rows, elapsed);
    }

    private static long plain(String uri, int batch, int rows) {
        long t0 = System.nanoTime();
        long n = 0;
        long checksum = 0;
        try (Driver driver = GraphDatabase.driver(uri, AuthTokens.none(), Config.builder().withFetchSize(batch).build());
             Session session = driver.session(SessionConfig.builder().withDatabase("neo4j")
                     .withDefaultAccessMode(AccessMode.READ).withFetchSize(batch).build());
             Transaction tx = session.beginTransaction(TransactionConfig.empty())) {
            Result result = tx.run(QUERY, Map.of("last_pull", Instant.EPOCH.atZone(ZoneOffset.UTC)));
            while (result.hasNext()) {
                org.neo4j.driver.Record record = result.next();
                for (Value value : record.values()) {
                    Object o = value.asObject();
                    checksum += o == null ? 0 : 1;
                }
                n++;
            }
        }
        long elapsed = System.nanoTime() - t0;
        check(n == rows && checksum == 8L * rows, "plain read " + n);
        return rate(rows, elapsed);
    }

    private static Process startServer(String port, int rows, String serverHeap) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(Arrays.asList(java, "-Xmx" + serverHeap, "-cp",
                System.getProperty("java.class.path"), Neo4jBenchmarkServer.class.getName(), "--port", port,
                "--rows", Integer.toString(rows)));
        System.out.println("starting server: " + String.join(" ", command.subList(0, 2)) + " ... "
                + String.join(" ", command.subList(4, command.size())));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String awaitReady(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("READY ")) {
                System.out.printf(Locale.ROOT, "server ready (started and seeded in %.1f s): %s%n",
                        (System.nanoTime() - t0) / 1e9, line.substring(6));
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discard
                        }
                    } catch (IOException e) {
                        // server gone
                    }
                }, "server-stdout");
                drain.setDaemon(true);
                drain.start();
                return line.substring(6).trim();
            }
        }
        throw new IllegalStateException("the benchmark server exited before it was ready");
    }

    static String option(String[] args, String name, String defaultValue) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return defaultValue;
    }

    private static long rate(long rows, long nanos) {
        return Math.round(rows / (nanos / 1e9));
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }

    private static long gcCount() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    /** Counts the records it is given and keeps none. */
    private static final class DiscardingSink implements RecordSink {
        long rows;

        @Override
        public void write(PullInfo pull, List<Record> batch) {
            rows += batch.size();
        }

        @Override
        public void commit(PullInfo pull) {
            // nothing kept
        }
    }

    /** Samples this JVM's heap used every 5 ms and keeps the largest value. */
    private static final class HeapSampler extends Thread {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private volatile long peak;

        HeapSampler() {
            super("heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long peak() {
            return Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        }
    }
}
