package com.qanatix.connectors.jdbc;

import com.qanatix.connectors.jdbc.internal.JdbcTarget;
import com.qanatix.connectors.jdbc.internal.PostgresDsn;
import com.qanatix.connectors.jdbc.internal.SqlDialect;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;

import java.util.Set;

/**
 * Connector type {@code postgresql}: {@code {"dsn": "postgresql://user:pass@host:5432/db?sslmode=require"}}
 * (also {@code postgres://}, several hosts, libpq parameters such as {@code sslmode},
 * {@code connect_timeout}, {@code application_name}), plus optional {@code connect_timeout_seconds}
 * (default 10), {@code query_timeout_seconds} (default 3600) and {@code json_columns}. Streams through
 * a server-side cursor in a read-only transaction; {@code :last_pull} is bound as {@code timestamptz}.
 */
public final class PostgresConnectorProvider implements ConnectorProvider {
    @Override
    public String connectorType() {
        return "postgresql";
    }

    @Override
    public Set<String> secretConfigKeys() {
        return Set.of("dsn", "password");
    }

    /** @return the timeouts and {@code json_columns}; the DSN, which may hold a password, is secret */
    @Override
    public Set<String> nonSecretConfigKeys() {
        return JdbcSettings.NON_SECRET_KEYS;
    }

    @Override
    public void validate(ConnectorConfig config, String query) {
        target(config);
        JdbcSettings.jsonColumns(config);
        JdbcConnectorSupport.validateQuery(query, SqlDialect.POSTGRESQL);
    }

    /** Yes: a JDBC driver's parsing of each row is work worth overlapping with dedup (BENCHMARKS.md). */
    @Override
    public boolean readAhead() {
        return true;
    }

    @Override
    public RecordSource open(PullContext context) {
        return JdbcConnectorSupport.open(target(context.config()), context, context.config());
    }

    private static JdbcTarget target(ConnectorConfig config) {
        return PostgresDsn.parse(config.requireString("dsn"), JdbcSettings.queryTimeout(config),
                JdbcSettings.connectTimeout(config));
    }
}
