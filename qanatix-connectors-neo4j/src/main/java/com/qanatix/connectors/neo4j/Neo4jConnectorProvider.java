package com.qanatix.connectors.neo4j;

import com.qanatix.connectors.neo4j.internal.CypherQueryScanner;
import com.qanatix.connectors.neo4j.internal.Neo4jSettings;
import com.qanatix.connectors.neo4j.internal.Neo4jSource;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The {@code neo4j} connector type: streams the rows of a Cypher query from Neo4j 4.4, 5 or later
 * through the official Java driver.
 *
 * <p>{@code connection_config}:
 * <ul>
 * <li>{@code uri} (required): {@code bolt://host:7687} for one server, {@code neo4j://host:7687} for a
 *     cluster (routing), with {@code +s} (TLS, certificate checked against the JVM's trust store) or
 *     {@code +ssc} (TLS, any certificate) variants. It must not hold credentials.</li>
 * <li>{@code user} and {@code password}: basic authentication; leave both out for a server without
 *     authentication. {@code password} is a secret.</li>
 * <li>{@code database}: the database to read, default {@code neo4j}.</li>
 * <li>{@code connection_timeout_seconds}: how long to wait to connect, default 30.</li>
 * <li>{@code query_timeout_seconds}: the read transaction's time limit on the server, default the
 *     server's {@code db.transaction.timeout}.</li>
 * </ul>
 *
 * <p>The query is Cypher whose {@code RETURN} columns become the record's fields; the watermark is
 * the parameter {@code $last_pull}, a {@code DATETIME} in UTC (or the {@code watermark_column}'s value),
 * for example {@code MATCH (p:Product)-[:MADE_BY]->(s:Supplier) WHERE p.updated_at > $last_pull
 * RETURN p.sku AS id, p.name AS name, s.name AS supplier}. It runs in a read transaction with fetch
 * size = {@code batch_size}; a query that writes fails. Values are mapped as described in
 * {@code Neo4jValueMapper}: nodes and relationships become maps of their properties plus
 * {@code _labels}/{@code _type} and {@code _element_id}.
 */
public final class Neo4jConnectorProvider implements ConnectorProvider {
    /** The {@code connector_type} this provider serves. */
    public static final String TYPE = "neo4j";

    /** Creates the provider (found by {@link java.util.ServiceLoader}). */
    public Neo4jConnectorProvider() {
        // stateless
    }

    @Override
    public String connectorType() {
        return TYPE;
    }

    /** @return {@code password}; the URI cannot hold credentials (validation rejects them) */
    @Override
    public Set<String> secretConfigKeys() {
        return Set.of("password");
    }

    /** @return the keys this type reads other than {@code password}; any other key is treated as a secret */
    @Override
    public Set<String> nonSecretConfigKeys() {
        return Set.of("uri", "user", "database", "connection_timeout_seconds", "query_timeout_seconds");
    }

    @Override
    public void validate(ConnectorConfig config, String query) {
        requireNonNull(config, "config is null");
        requireNonNull(query, "query is null");
        Neo4jSettings.from(config);
        CypherQueryScanner.check(query);
    }

    @Override
    public RecordSource open(PullContext context) {
        requireNonNull(context, "context is null");
        return Neo4jSource.open(Neo4jSettings.from(context.config()), context);
    }
}
