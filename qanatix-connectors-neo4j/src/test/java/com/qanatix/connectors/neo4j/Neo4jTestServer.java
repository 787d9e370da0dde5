package com.qanatix.connectors.neo4j;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Neo4j for one test class: an in-process Neo4j 5.26 started by neo4j-harness with Bolt on a
 * free port, or, when {@code QANATIX_TEST_NEO4J_URI} is set (with {@code QANATIX_TEST_NEO4J_USER} and
 * {@code QANATIX_TEST_NEO4J_PASSWORD}), that server, whose {@code neo4j} database the tests empty
 * and fill. Fixtures that must control the server (authentication on, shut down mid-pull) always
 * start their own in-process server.
 */
final class Neo4jTestServer implements AutoCloseable {
    static final String URI_ENV = "QANATIX_TEST_NEO4J_URI";

    private final Neo4j harness;
    private final String uri;
    private final String user;
    private final String password;
    private final Driver admin;
    private boolean stopped;

    private Neo4jTestServer(Neo4j harness, String uri, String user, String password) {
        this.harness = harness;
        this.uri = uri;
        this.user = user;
        this.password = password;
        this.admin = GraphDatabase.driver(uri, user == null ? AuthTokens.none() : AuthTokens.basic(user, password));
        try {
            admin.verifyConnectivity();
        } catch (RuntimeException e) {
            admin.close();
            throw new IllegalStateException("cannot reach the Neo4j test server at " + uri + " (" + e.getMessage()
                    + "); unset " + URI_ENV + " to let the tests start an in-process Neo4j, or point it at a "
                    + "running server with " + URI_ENV + ", QANATIX_TEST_NEO4J_USER and QANATIX_TEST_NEO4J_PASSWORD", e);
        }
    }

    /** @return the server named by the environment, or a fresh in-process one */
    static Neo4jTestServer start() {
        String external = System.getenv(URI_ENV);
        if (external != null && !external.isBlank()) {
            Neo4jTestServer server = new Neo4jTestServer(null, external, System.getenv("QANATIX_TEST_NEO4J_USER"),
                    System.getenv("QANATIX_TEST_NEO4J_PASSWORD"));
            server.execute("MATCH (n) DETACH DELETE n");
            return server;
        }
        return inProcess(false);
    }

    /**
     * @param authentication whether the server requires a login; then a user {@code reader} with
     *        password {@code reader-Secret-42} exists
     * @return a fresh in-process server
     */
    static Neo4jTestServer inProcess(boolean authentication) {
        Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder()
                .withDisabledServer()
                // The local (in-JVM) Bolt connector needs netty 4.1; the driver brings netty 4.2.
                .withConfig(BoltConnectorInternalSettings.enable_local_connector, false)
                .withConfig(GraphDatabaseSettings.auth_enabled, authentication)
                // A shutdown (see shutDown()) ends open transactions at once instead of waiting for them.
                .withConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, java.time.Duration.ofMillis(100));
        Neo4j neo4j = builder.build();
        try {
            if (authentication) {
                neo4j.databaseManagementService().database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                        .executeTransactionally("CREATE USER reader SET PASSWORD 'reader-Secret-42' CHANGE NOT REQUIRED");
                return new Neo4jTestServer(neo4j, neo4j.boltURI().toString(), "reader", "reader-Secret-42");
            }
            return new Neo4jTestServer(neo4j, neo4j.boltURI().toString(), null, null);
        } catch (RuntimeException e) {
            neo4j.close();
            throw e;
        }
    }

    String uri() {
        return uri;
    }

    /** @return a {@code connection_config} for this server */
    Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("uri", uri);
        if (user != null) {
            config.put("user", user);
            config.put("password", password);
        }
        return config;
    }

    /** Runs a write in the {@code neo4j} database. */
    void execute(String cypher, Object... keysAndValues) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            parameters.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        try (Session session = admin.session(SessionConfig.forDatabase("neo4j"))) {
            session.run(cypher, parameters).consume();
        }
    }

    /** @return the user agents of the Bolt connections the server has open, from {@code dbms.listConnections()} */
    List<String> connectionUserAgents() {
        try (Session session = admin.session(SessionConfig.forDatabase("system"))) {
            return session.run("CALL dbms.listConnections() YIELD userAgent RETURN userAgent").list(r -> r.get(0).asString());
        }
    }

    /** @return the metadata of the transactions running on the server, from {@code SHOW TRANSACTIONS} */
    List<Map<String, Object>> runningTransactionMetadata() {
        try (Session session = admin.session(SessionConfig.forDatabase("neo4j"))) {
            return session.run("SHOW TRANSACTIONS YIELD metaData RETURN metaData").list(r -> r.get(0).asMap());
        }
    }

    /** Stops an in-process server now (its Bolt connections drop). */
    synchronized void shutDown() {
        if (stopped) {
            return;
        }
        stopped = true;
        admin.close();
        if (harness != null) {
            harness.close();
        }
    }

    @Override
    public void close() {
        shutDown();
    }
}
