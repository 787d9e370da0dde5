package com.qanatix.connectors.jdbc;

import com.qanatix.connectors.jdbc.internal.JdbcTarget;
import com.qanatix.connectors.jdbc.internal.JdbcTargets;
import com.qanatix.connectors.jdbc.internal.SqlDialect;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;

import java.util.Set;

/**
 * Connector type {@code jdbc}, for any database whose JDBC driver is on the classpath:
 * {@code {"url": "jdbc:h2:./data/shop", "user", "password", "properties": {...}}}, plus
 * {@code connect_timeout_seconds} (as {@code DriverManager}'s login timeout, which is JVM-wide, unless
 * the URL is PostgreSQL's or MySQL's, whose drivers take one per connection),
 * {@code query_timeout_seconds} and {@code json_columns}. Standard SQL lexing; {@code :last_pull}
 * is bound as {@code TIMESTAMP WITH TIME ZONE} (JDBC 4.2 {@code OffsetDateTime}).
 */
public final class GenericJdbcConnectorProvider implements ConnectorProvider {
    @Override
    public String connectorType() {
        return "jdbc";
    }

    @Override
    public Set<String> secretConfigKeys() {
        return Set.of("password", "url");
    }

    /**
     * @return {@code user}, the timeouts, {@code json_columns} and well-known non-secret driver
     *     properties; the URL, which may hold a password, and every other property are secret
     */
    @Override
    public Set<String> nonSecretConfigKeys() {
        return JdbcSettings.NON_SECRET_KEYS_WITH_USER;
    }

    @Override
    public void validate(ConnectorConfig config, String query) {
        JdbcTargets.generic(config, JdbcSettings.queryTimeout(config), JdbcSettings.connectTimeout(config));
        JdbcSettings.jsonColumns(config);
        JdbcConnectorSupport.validateQuery(query, SqlDialect.GENERIC);
    }

    /** Yes: a JDBC driver's parsing of each row is work worth overlapping with dedup (BENCHMARKS.md). */
    @Override
    public boolean readAhead() {
        return true;
    }

    @Override
    public RecordSource open(PullContext context) {
        ConnectorConfig config = context.config();
        JdbcTarget target = JdbcTargets.generic(config, JdbcSettings.queryTimeout(config),
                JdbcSettings.connectTimeout(config));
        return JdbcConnectorSupport.open(target, context, config);
    }
}
