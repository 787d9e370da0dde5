package com.qanatix.benchmarks.mongo;

import com.qanatix.benchmarks.support.ChildServer;
import com.qanatix.benchmarks.support.DiscardingSink;
import com.qanatix.benchmarks.support.PairedRounds;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.PullResult;
import com.qanatix.core.Qanatix;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * N product documents pulled by the {@code mongodb} connector into a sink that discards, beside a
 * plain driver loop over the same filter and batch size that decodes each document to a
 * {@code BsonDocument} and touches every field. After a warm-up round, counted rounds alternate which
 * side goes first, in one JVM; reported as {@link PairedRounds}: the median of the rounds' ratios,
 * client CPU a row of each side, peak heap.
 *
 * <p>Starts {@link MongoBenchServer} (mongo-java-server, memory backend) in a JVM of its own, so that
 * the heap cap applies to the client only:
 * {@code benchmarks/run.sh benchmarks/mongo com.qanatix.benchmarks.mongo.MongoBenchmark -Xmx64m -- --docs 1000000 --rounds 7}
 */
public final class MongoBenchmark {
    /**
     * {@code --read-ahead} / {@code --no-read-ahead}: Qanatix.Builder.readAhead(true / false); by
     * default (null) the connector type decides.
     */
    private static Boolean readAhead;
    private static final String FILTER = "{\"updated_at\": {\"$gt\": \":last_pull\"}}";
    private static final int BATCH = 5000;

    private MongoBenchmark() {
    }

    /**
     * @param args {@code --docs N} (default 1,000,000), {@code --rounds R} (default 7), {@code --warmup W}
     *     (default 1), {@code --read-ahead}, {@code --no-read-ahead}, {@code --server-heap 4g},
     *     {@code --port P} (default 27999), or {@code --uri URI} for a server already running
     * @throws Exception from the server or the driver
     */
    public static void main(String[] args) throws Exception {
        int docs = 1_000_000;
        int rounds = 7;
        int warmup = 1;
        String uri = null;
        String port = "27999";
        String serverHeap = "4g";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--docs" -> docs = Integer.parseInt(args[++i]);
                case "--uri" -> uri = args[++i];
                case "--port" -> port = args[++i];
                case "--server-heap" -> serverHeap = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--read-ahead" -> readAhead = true;
                case "--no-read-ahead" -> readAhead = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Process server = null;
        if (uri == null) {
            server = ChildServer.start(MongoBenchServer.class, serverHeap, port);
            uri = ChildServer.awaitReady(server);
        }
        try {
            System.out.printf("MongoDB benchmark: %,d documents, batch %d, client max heap %d MB, server %s, "
                    + "read-ahead %s%n", docs, BATCH, Runtime.getRuntime().maxMemory() >> 20, uri,
                    readAhead == null ? "as the connector type decides" : readAhead);
            load(uri, docs);
            String serverUri = uri;
            PairedRounds figures = new PairedRounds("MongoDB");
            for (int r = 1 - warmup; r <= rounds; r++) {
                figures.run(r, docs, () -> plainLoop(serverUri), () -> connectorPull(serverUri));
            }
            figures.printSummary();
        } finally {
            ChildServer.stop(server);
        }
    }

    private static void load(String uri, int docs) {
        try (MongoClient client = MongoClients.create(uri)) {
            MongoCollection<Document> products = client.getDatabase("qx_bench").getCollection("products");
            if (products.countDocuments() == docs) {
                return;
            }
            System.out.printf("loading %,d documents...%n", docs);
            products.drop();
            Instant base = Instant.now().minusSeconds(docs + 3600L);
            List<Document> batch = new ArrayList<>(10_000);
            for (int i = 1; i <= docs; i++) {
                batch.add(new Document("_id", i).append("name", "Product " + i).append("sku", "SKU-" + i)
                        .append("price", new Decimal128(BigDecimal.valueOf(i % 100_000, 2))).append("stock", i % 500)
                        .append("updated_at", Date.from(base.plusSeconds(i)))
                        .append("attrs", new Document("color", i % 2 == 0 ? "red" : "blue").append("weight_g", i % 1000)));
                if (batch.size() == 10_000) {
                    products.insertMany(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                products.insertMany(batch);
            }
        }
    }

    /** The baseline: the driver's cursor over the same filter, every field touched. */
    private static long plainLoop(String uri) {
        try (MongoClient client = MongoClients.create(uri)) {
            BsonDocument filter = BsonDocument.parse(FILTER.replace("\":last_pull\"", "{\"$date\": 0}"));
            long n = 0;
            long touched = 0;
            try (MongoCursor<BsonDocument> cursor = client.getDatabase("qx_bench")
                    .getCollection("products", BsonDocument.class).find(filter).batchSize(BATCH).iterator()) {
                while (cursor.hasNext()) {
                    BsonDocument doc = cursor.next();
                    for (Map.Entry<String, BsonValue> e : doc.entrySet()) {
                        touched += e.getValue().getBsonType().getValue();
                    }
                    n++;
                }
            }
            if (touched == 42) {
                System.out.print("");
            }
            return n;
        }
    }

    private static PullResult connectorPull(String uri) {
        // Closed after the round, as a host closes its store, so the index's direct memory is reused.
        Qanatix.Builder builder = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate()));
        if (readAhead != null) {
            builder.readAhead(readAhead);
        }
        try (ConnectorStore store = ConnectorStore.inMemory();
             Qanatix qx = builder.store(store).sink(new DiscardingSink()).build()) {
            String id = qx.connectors().create(ConnectorSpec.builder().name("bench").connectorType("mongodb")
                    .vertical("retail").entityType("product").query(FILTER).batchSize(BATCH)
                    .connectionConfig(Map.of("uri", uri, "database", "qx_bench", "collection", "products")).build()).id();
            PullResult result = qx.pull(id);
            if (!result.isCompleted()) {
                throw new IllegalStateException(result.toJson());
            }
            return result;
        }
    }


}
