package com.qanatix.examples.demo;

import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Products as {@code :QanatixDemoProduct} nodes, read by the {@code neo4j} connector type with
 * Cypher whose {@code $last_pull} the pull binds as a UTC {@code DateTime}. The demo URL carries
 * the credentials ({@code bolt://user:password@host:7687/database}); the connector gets them as
 * separate {@code user} and {@code password} keys.
 */
final class Neo4jDemoProducts implements DemoProducts {
    private static final String LABEL = "QanatixDemoProduct";
    private static final int BATCH = 10_000;

    private final String serverUri;
    private final String user;
    private final String password;
    private final String database;
    private final Driver driver;

    Neo4jDemoProducts(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the neo4j URL is malformed at index " + e.getIndex());
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("the neo4j URL must look like bolt://user:password@host:7687/database");
        }
        String info = uri.getUserInfo() == null ? "neo4j" : uri.getUserInfo();
        int colon = info.indexOf(':');
        this.user = colon < 0 ? info : info.substring(0, colon);
        this.password = colon < 0 ? "" : info.substring(colon + 1);
        this.serverUri = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        this.database = uri.getPath() == null || uri.getPath().length() <= 1 ? "neo4j" : uri.getPath().substring(1);
        this.driver = GraphDatabase.driver(serverUri, AuthTokens.basic(user, password));
    }

    @Override
    public String describe() {
        return "Neo4j " + serverUri + ", database " + database + ", nodes :" + LABEL;
    }

    @Override
    public String connectorType() {
        return "neo4j";
    }

    @Override
    public Map<String, Object> connectionConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("uri", serverUri);
        config.put("user", user);
        config.put("password", password);
        config.put("database", database);
        return config;
    }

    @Override
    public String query() {
        return "MATCH (p:" + LABEL + ") WHERE p.updated_at > $last_pull RETURN p.id AS id, p.name AS name, "
                + "p.sku AS sku, p.price AS price, p.stock AS stock, p.updated_at AS updated_at";
    }

    @Override
    public String sourceIdColumn() {
        return "id";
    }

    @Override
    public void create(long rows) {
        drop();
        run("CREATE INDEX qanatix_demo_updated_at IF NOT EXISTS FOR (p:" + LABEL + ") ON (p.updated_at)", Map.of());
        insertNodes(1, rows, "datetime() - duration('P1D')");
    }

    @Override
    public void update(List<Long> ids) {
        for (int from = 0; from < ids.size(); from += BATCH) {
            run("MATCH (p:" + LABEL + ") WHERE p.id IN $ids SET p.price = p.price + 1, p.updated_at = datetime()",
                    Map.of("ids", ids.subList(from, Math.min(ids.size(), from + BATCH))));
        }
    }

    @Override
    public void insert(long firstId, long count) {
        insertNodes(firstId, count, "datetime()");
    }

    private void insertNodes(long firstId, long count, String updatedAt) {
        List<Map<String, Object>> batch = new ArrayList<>(BATCH);
        for (long id = firstId; id < firstId + count; id++) {
            // Neo4j has no decimal type: the price is a float here.
            batch.add(Map.of("id", id, "name", DemoProducts.name(id), "sku", DemoProducts.sku(id),
                    "price", DemoProducts.price(id).doubleValue(), "stock", DemoProducts.stock(id)));
            if (batch.size() == BATCH || id == firstId + count - 1) {
                run("UNWIND $rows AS r CREATE (p:" + LABEL + ") SET p = r, p.updated_at = " + updatedAt,
                        Map.of("rows", batch));
                batch = new ArrayList<>(BATCH);
            }
        }
    }

    @Override
    public void drop() {
        run("MATCH (p:" + LABEL + ") CALL { WITH p DETACH DELETE p } IN TRANSACTIONS OF 10000 ROWS", Map.of());
    }

    private void run(String cypher, Map<String, Object> parameters) {
        try (Session session = driver.session(SessionConfig.forDatabase(database))) {
            session.run(cypher, parameters).consume();
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
