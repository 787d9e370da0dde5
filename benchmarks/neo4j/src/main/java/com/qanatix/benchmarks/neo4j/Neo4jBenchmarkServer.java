package com.qanatix.benchmarks.neo4j;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * The Neo4j that {@link Neo4jBenchmark} reads from, in a JVM of its own: starts neo4j-harness with Bolt
 * on a fixed port, seeds {@code --rows} products each made by one of 100 suppliers, prints
 * {@code READY <bolt uri>}, and runs until its standard input closes.
 *
 * <p>{@code java -Xmx1g -cp ... com.qanatix.benchmarks.neo4j.Neo4jBenchmarkServer --port 17687 --rows 200000}
 */
public final class Neo4jBenchmarkServer {
    private static final int SEED_CHUNK = 20_000;

    private Neo4jBenchmarkServer() {
    }

    /**
     * @param args {@code --port N --rows N}
     * @throws IOException when reading standard input fails
     */
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(Neo4jBenchmark.option(args, "--port", "17687"));
        int rows = Integer.parseInt(Neo4jBenchmark.option(args, "--rows", "200000"));
        try (Neo4j neo4j = Neo4jBuilders.newInProcessBuilder()
                .withDisabledServer()
                .withConfig(BoltConnectorInternalSettings.enable_local_connector, false)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, java.time.Duration.ofMillis(100))
                .build()) {
            seed(neo4j.defaultDatabaseService(), rows);
            System.out.println("READY " + neo4j.boltURI());
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the client closes our standard input (or exits)
            }
        }
    }

    private static void seed(GraphDatabaseService db, int rows) {
        db.executeTransactionally("UNWIND range(0, 99) AS i CREATE (:Supplier {id: i, name: 'Supplier ' + i})");
        db.executeTransactionally("CREATE INDEX supplier_id IF NOT EXISTS FOR (s:Supplier) ON (s.id)");
        db.executeTransactionally("CALL db.awaitIndexes(60)");
        ZonedDateTime base = ZonedDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        for (int from = 1; from <= rows; from += SEED_CHUNK) {
            int to = Math.min(rows, from + SEED_CHUNK - 1);
            db.executeTransactionally("UNWIND range($from, $to) AS i "
                    + "MATCH (s:Supplier {id: i % 100}) "
                    + "CREATE (:Product {sku: 'SKU-' + i, name: 'Product number ' + i, price: i * 0.25, "
                    + "stock: i % 1000, active: i % 2 = 0, tags: ['tag' + (i % 7), 'tag' + (i % 11)], "
                    + "updated_at: $base + duration({seconds: i})})-[:MADE_BY]->(s)",
                    Map.of("from", from, "to", to, "base", base));
        }
    }
}
