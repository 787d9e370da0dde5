package com.qanatix.benchmarks.mongo;

import com.qanatix.benchmarks.support.DiscardingSink;
import com.qanatix.benchmarks.support.TimedRun;
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
 * {@code BsonDocument} and touches every field; alternating runs, best of each.
 *
 * <p>Run the server first, in its own JVM, then the benchmark with the client heap capped:
 * {@code scripts/run-main.sh benchmarks/mongo com.qanatix.benchmarks.mongo.MongoBenchServer -Xmx4g -- 27999 &}
 * then {@code benchmarks/run.sh benchmarks/mongo com.qanatix.benchmarks.mongo.MongoBenchmark -Xmx64m -- --docs 1000000 --uri mongodb://127.0.0.1:27999}
 */
public final class MongoBenchmark {
    /** {@code --read-ahead}: read the source on a thread of its own (Qanatix.Builder.readAhead(true)). */
    private static boolean readAhead;
    private static final String FILTER = "{\"updated_at\": {\"$gt\": \":last_pull\"}}";
    private static final int BATCH = 5000;

    private MongoBenchmark() {
    }

    /** @param args {@code --docs N}, {@code --uri URI}, {@code --rounds R}, {@code --read-ahead} */
    public static void main(String[] args) throws Exception {
        int docs = 1_000_000;
        int rounds = 3;
        String uri = "mongodb://127.0.0.1:27999";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--docs" -> docs = Integer.parseInt(args[++i]);
                case "--uri" -> uri = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--read-ahead" -> readAhead = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("MongoDB benchmark: %,d documents, batch %d, client max heap %d MB, server %s, read-ahead %s%n",
                docs, BATCH, Runtime.getRuntime().maxMemory() >> 20, uri, readAhead);
        load(uri, docs);
        String server = uri;
        double bestPlain = 0;
        double bestConnector = 0;
        long peakPlain = 0;
        long peakConnector = 0;
        for (int r = 1; r <= rounds; r++) {
            TimedRun plainRun = TimedRun.of(() -> plainLoop(server));
            long n = plainRun.rows();
            double plain = plainRun.rowsPerSecond();
            double plainCpu = plainRun.cpuNanosPerRow(docs);
            peakPlain = Math.max(peakPlain, plainRun.peakHeapBytes());
            PullResult[] pulled = new PullResult[1];
            TimedRun connectorRun = TimedRun.of(() -> {
                pulled[0] = connectorPull(server);
                return pulled[0].recordsPulled();
            });
            PullResult result = pulled[0];
            double connectorCpu = connectorRun.cpuNanosPerRow(docs);
            double connector = result.recordsPulled() / result.durationSeconds();
            peakConnector = Math.max(peakConnector, connectorRun.peakHeapBytes());
            if (n != docs || result.recordsIngested() != docs) {
                throw new IllegalStateException("expected " + docs + ", plain read " + n + ", connector " + result.toJson());
            }
            System.out.printf("round %d: plain %,.0f docs/s, connector %,.0f docs/s (%.0f%%); client CPU a document: "
                    + "plain %.0f ns, connector %.0f ns%n", r, plain, connector, 100 * connector / plain, plainCpu,
                    connectorCpu);
            bestPlain = Math.max(bestPlain, plain);
            bestConnector = Math.max(bestConnector, connector);
        }
        System.out.printf("best: plain %,.0f docs/s, connector %,.0f docs/s = %.0f%%; peak heap used: plain %d MB, "
                + "connector %d MB%n", bestPlain, bestConnector, 100 * bestConnector / bestPlain, peakPlain >> 20,
                peakConnector >> 20);
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
        try (ConnectorStore store = ConnectorStore.inMemory();
             Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).readAhead(readAhead)
                     .store(store).sink(new DiscardingSink()).build()) {
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
