package com.qanatix.examples.demo;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Products as documents of the collection {@code qanatix_demo_products}, read by the
 * {@code mongodb} connector type with a filter document whose {@code ":last_pull"} the pull binds
 * as a BSON date. {@code _id} is the product id.
 */
final class MongoDemoProducts implements DemoProducts {
    private static final String COLLECTION = "qanatix_demo_products";
    private static final int BATCH = 10_000;

    private final String uri;
    private final String database;
    private final String hosts;
    private final MongoClient client;
    private final MongoCollection<Document> products;

    MongoDemoProducts(String uri) {
        ConnectionString connectionString;
        try {
            connectionString = new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the mongodb URL must look like mongodb://user:password@host:27017/database");
        }
        this.uri = uri;
        this.database = connectionString.getDatabase() == null ? "qanatix_demo" : connectionString.getDatabase();
        this.hosts = String.join(",", connectionString.getHosts());
        this.client = MongoClients.create(connectionString);
        this.products = client.getDatabase(database).getCollection(COLLECTION);
    }

    @Override
    public String describe() {
        return "MongoDB " + hosts + "/" + database + ", collection " + COLLECTION;
    }

    @Override
    public String connectorType() {
        return "mongodb";
    }

    @Override
    public Map<String, Object> connectionConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("uri", uri);
        config.put("database", database);
        config.put("collection", COLLECTION);
        return config;
    }

    @Override
    public String query() {
        return "{\"updated_at\": {\"$gt\": \":last_pull\"}}";
    }

    @Override
    public String sourceIdColumn() {
        return "_id";
    }

    @Override
    public void create(long rows) {
        products.drop();
        products.createIndex(Indexes.ascending("updated_at"));
        insertDocuments(1, rows, Date.from(Instant.now().minus(1, ChronoUnit.DAYS)));
    }

    @Override
    public void update(List<Long> ids) {
        Date now = new Date();
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + BATCH));
            products.updateMany(Filters.in("_id", chunk), Updates.combine(
                    Updates.inc("price", new Decimal128(BigDecimal.ONE)), Updates.set("updated_at", now)));
        }
    }

    @Override
    public void insert(long firstId, long count) {
        insertDocuments(firstId, count, new Date());
    }

    private void insertDocuments(long firstId, long count, Date updatedAt) {
        List<Document> batch = new ArrayList<>(BATCH);
        for (long id = firstId; id < firstId + count; id++) {
            batch.add(new Document("_id", id).append("name", DemoProducts.name(id)).append("sku", DemoProducts.sku(id))
                    .append("price", new Decimal128(DemoProducts.price(id))).append("stock", DemoProducts.stock(id))
                    .append("updated_at", updatedAt));
            if (batch.size() == BATCH) {
                products.insertMany(batch);
                batch = new ArrayList<>(BATCH);
            }
        }
        if (!batch.isEmpty()) {
            products.insertMany(batch);
        }
    }

    @Override
    public void drop() {
        products.drop();
    }

    @Override
    public void close() {
        client.close();
    }
}
