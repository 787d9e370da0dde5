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
 * Connector type {@code mysql} (MySQL 8 and MariaDB 10.11+):
 * {@code {"host", "port" (3306), "user", "password", "database"}}, optional {@code ssl_mode}
 * ({@code DISABLED}, {@code PREFERRED}, {@code REQUIRED}, {@code VERIFY_CA}, {@code VERIFY_IDENTITY}),
 * {@code properties} (extra Connector/J properties), {@code connect_timeout_seconds},
 * {@code query_timeout_seconds} and {@code json_columns} (MariaDB stores JSON as text: name the
 * columns to parse). The session runs in UTC; rows stream one by one.
 */
public final class MySqlConnectorProvider implements ConnectorProvider {
    @Override
    public String connectorType() {
        return "mysql";
    }

    /**
     * @return {@code host}, {@code port}, {@code user}, {@code database}, {@code ssl_mode}, the
     *     timeouts, {@code json_columns} and well-known non-secret Connector/J properties; every other
     *     property is secret
     */
    @Override
    public Set<String> nonSecretConfigKeys() {
        return JdbcSettings.MYSQL_NON_SECRET_KEYS;
    }

    @Override
    public void validate(ConnectorConfig config, String query) {
        JdbcTargets.mysql(config, JdbcSettings.queryTimeout(config), JdbcSettings.connectTimeout(config));
        JdbcSettings.jsonColumns(config);
        JdbcConnectorSupport.validateQuery(query, SqlDialect.MYSQL);
    }

    /** Yes: a JDBC driver's parsing of each row is work worth overlapping with dedup (BENCHMARKS.md). */
    @Override
    public boolean readAhead() {
        return true;
    }

    @Override
    public RecordSource open(PullContext context) {
        ConnectorConfig config = context.config();
        JdbcTarget target = JdbcTargets.mysql(config, JdbcSettings.queryTimeout(config),
                JdbcSettings.connectTimeout(config));
        return JdbcConnectorSupport.open(target, context, config);
    }
}
