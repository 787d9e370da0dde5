package com.qanatix.benchmarks.neo4j;

import com.qanatix.benchmarks.support.ChildServer;
import com.qanatix.benchmarks.support.PairedRounds;
import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullResult;
import com.qanatix.core.Qanatix;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.RecordSink;
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

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Neo4j connector throughput against a plain driver loop, in one run, alternating.
 *
 * <p>Starts {@link Neo4jBenchmarkServer} in a separate JVM (its own heap; only this client's heap is
 * capped), then, after a warm-up round, runs counted rounds of two sides whose order alternates:
 * {@code pull}, a full {@code Qanatix.pull} of the connector into a sink that discards batches
 * (normalization, fingerprints and dedup included, in-memory store), and {@code plain}, the driver
 * with the same query, database, fetch size and read transaction, calling {@code asObject()} on every
 * value. Reported as {@link PairedRounds}: the median of the rounds' ratios, client CPU a row of each
 * side, peak heap used.
 *
 * <p>{@code benchmarks/run.sh benchmarks/neo4j com.qanatix.benchmarks.neo4j.Neo4jBenchmark -Xmx64m -- --rows 1000000 --rounds 7}
 */
public final class Neo4jBenchmark {
    /**
     * {@code --read-ahead} / {@code --no-read-ahead}: Qanatix.Builder.readAhead(true / false); by
     * default (null) the connector type decides.
     */
    private static Boolean readAhead;
    static final String QUERY = "MATCH (p:Product)-[:MADE_BY]->(s:Supplier) WHERE p.updated_at > $last_pull "
            + "RETURN p.sku AS id, p.name AS name, p.price AS price, p.stock AS stock, p.active AS active, "
            + "p.tags AS tags, p.updated_at AS updated_at, s.name AS supplier";

    private Neo4jBenchmark() {
    }

    /**
     * @param args {@code --rows N} (default 1,000,000) {@code --rounds N} (default 7) {@code --warmup N}
     *     (default 1) {@code --batch N --port N --server-heap 2g [--read-ahead | --no-read-ahead]}, or
     *     {@code --uri bolt://...} for a server that is already running and seeded
     * @throws Exception when the server cannot be started
     */
    public static void main(String[] args) throws Exception {
        List<String> flags = Arrays.asList(args);
        readAhead = flags.contains("--read-ahead") ? Boolean.TRUE : flags.contains("--no-read-ahead") ? Boolean.FALSE : null;
        int rows = Integer.parseInt(option(args, "--rows", "1000000"));
        int rounds = Integer.parseInt(option(args, "--rounds", "7"));
        int warmup = Integer.parseInt(option(args, "--warmup", "1"));
        int batch = Integer.parseInt(option(args, "--batch", "5000"));
        String uri = option(args, "--uri", null);
        Process server = null;
        if (uri == null) {
            server = ChildServer.start(Neo4jBenchmarkServer.class, option(args, "--server-heap", "2g"), "--port",
                    option(args, "--port", "17687"), "--rows", Integer.toString(rows));
            uri = ChildServer.awaitReady(server);
        }
        try {
            Map<String, Object> config = Map.of("uri", uri);
            System.out.printf(Locale.ROOT, "Neo4j benchmark: %,d rows, fetch/batch %d, client max heap %d MB, "
                            + "read-ahead %s%n", rows, batch, Runtime.getRuntime().maxMemory() >> 20,
                    readAhead == null ? "as the connector type decides" : readAhead);
            String serverUri = uri;
            PairedRounds figures = new PairedRounds("Neo4j");
            for (int round = 1 - warmup; round <= rounds; round++) {
                figures.run(round, rows, () -> plain(serverUri, batch, rows), () -> pull(config, batch, rows));
            }
            figures.printSummary();
        } finally {
            ChildServer.stop(server);
        }
    }

    private static PullResult pull(Map<String, Object> config, int batch, int rows) {
        DiscardingSink sink = new DiscardingSink();
        Qanatix.Builder builder = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate()));
        if (readAhead != null) {
            builder.readAhead(readAhead);
        }
        try (Qanatix qx = builder.sink(sink).build()) {
            Connector c = qx.connectors().create(ConnectorSpec.builder().name("bench").connectorType("neo4j")
                    .vertical("retail").entityType("product").connectionConfig(config).query(QUERY).batchSize(batch)
                    .build());
            PullResult result = qx.pull(c.id());
            check(result.isCompleted() && result.recordsIngested() == rows && sink.rows == rows,
                    "pull: " + result + ", sink saw " + sink.rows);
            return result;
        }
    }

    private static long plain(String uri, int batch, int rows) {
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
        check(n == rows && checksum == 8L * rows, "plain read " + n);
        return n;
    }

    static String option(String[] args, String name, String defaultValue) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return defaultValue;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }

    /** Counts the records it is given and keeps none. */
    private static final class DiscardingSink implements RecordSink {
        long rows;

        @Override
        public void write(PullInfo pull, List<IngestRecord> batch) {
            rows += batch.size();
        }

        @Override
        public void commit(PullInfo pull) {
            // nothing kept
        }
    }
}
