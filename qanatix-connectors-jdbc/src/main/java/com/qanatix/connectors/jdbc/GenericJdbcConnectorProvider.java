package com.qanatix.connectors.jdbc;

import com.qanatix.connectors.jdbc.internal.JdbcTarget;
import com.qanatix.connectors.jdbc.internal.JdbcTargets;
import com.qanatix.connectors.jdbc.internal.SqlDialect;
import com.qanatix.core.spi.ConnectorConfig;

import java.time.Duration;
import java.util.Set;

/**
 * Connector type {@code jdbc}, for any database whose JDBC driver is on the classpath:
 * {@code {"url": "jdbc:h2:./data/shop", "user", "password", "properties": {...}}}, plus
 * {@code connect_timeout_seconds} (as {@code DriverManager}'s login timeout, which is JVM-wide, unless
 * the URL is PostgreSQL's or MySQL's, whose drivers take one per connection),
 * {@code query_timeout_seconds} and {@code json_columns}. Standard SQL lexing; {@code :last_pull}
 * is bound as {@code TIMESTAMP WITH TIME ZONE} (JDBC 4.2 {@code OffsetDateTime}). Not secret:
 * {@code user}, the timeouts, {@code json_columns} and well-known non-secret driver properties; the
 * URL, which may hold a password, and every other property are secret.
 */
public final class GenericJdbcConnectorProvider extends JdbcConnectorProvider {
    /** The provider {@link java.util.ServiceLoader} finds. */
    public GenericJdbcConnectorProvider() {
        super("jdbc", SqlDialect.GENERIC, Set.of("password", "url"), JdbcSettings.NON_SECRET_KEYS_WITH_USER);
    }

    @Override
    JdbcTarget target(ConnectorConfig config, Duration queryTimeout, Duration connectTimeout) {
        return JdbcTargets.generic(config, queryTimeout, connectTimeout);
    }
}
