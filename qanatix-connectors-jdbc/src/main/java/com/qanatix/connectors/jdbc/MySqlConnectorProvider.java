package com.qanatix.connectors.jdbc;

import com.qanatix.connectors.jdbc.internal.JdbcTarget;
import com.qanatix.connectors.jdbc.internal.JdbcTargets;
import com.qanatix.connectors.jdbc.internal.SqlDialect;
import com.qanatix.core.spi.ConnectorConfig;

import java.time.Duration;
import java.util.Set;

/**
 * Connector type {@code mysql} (MySQL 8 and MariaDB 10.11+):
 * {@code {"host", "port" (3306), "user", "password", "database"}}, optional {@code ssl_mode}
 * ({@code DISABLED}, {@code PREFERRED}, {@code REQUIRED}, {@code VERIFY_CA}, {@code VERIFY_IDENTITY}),
 * {@code properties} (extra Connector/J properties), {@code connect_timeout_seconds},
 * {@code query_timeout_seconds} and {@code json_columns} (MariaDB stores JSON as text: name the
 * columns to parse). The session runs in UTC; rows stream one by one. Not secret: {@code host},
 * {@code port}, {@code user}, {@code database}, {@code ssl_mode}, the timeouts, {@code json_columns}
 * and well-known non-secret Connector/J properties; every other property is secret.
 */
public final class MySqlConnectorProvider extends JdbcConnectorProvider {
    /** The provider {@link java.util.ServiceLoader} finds. */
    public MySqlConnectorProvider() {
        super("mysql", SqlDialect.MYSQL, Set.of("password"), JdbcSettings.MYSQL_NON_SECRET_KEYS);
    }

    @Override
    JdbcTarget target(ConnectorConfig config, Duration queryTimeout, Duration connectTimeout) {
        return JdbcTargets.mysql(config, queryTimeout, connectTimeout);
    }
}
