package com.qanatix.connectors.jdbc;

import com.qanatix.connectors.jdbc.internal.JdbcTarget;
import com.qanatix.connectors.jdbc.internal.PostgresDsn;
import com.qanatix.connectors.jdbc.internal.SqlDialect;
import com.qanatix.core.spi.ConnectorConfig;

import java.time.Duration;
import java.util.Set;

/**
 * Connector type {@code postgresql}: {@code {"dsn": "postgresql://user:pass@host:5432/db?sslmode=require"}}
 * (also {@code postgres://}, several hosts, libpq parameters such as {@code sslmode},
 * {@code connect_timeout}, {@code application_name}), plus optional {@code connect_timeout_seconds}
 * (default 10), {@code query_timeout_seconds} (default 3600) and {@code json_columns}. Streams through
 * a server-side cursor in a read-only transaction; {@code :last_pull} is bound as {@code timestamptz}.
 * The timeouts and {@code json_columns} are not secret; the DSN, which may hold a password, is.
 */
public final class PostgresConnectorProvider extends JdbcConnectorProvider {
    /** The provider {@link java.util.ServiceLoader} finds. */
    public PostgresConnectorProvider() {
        super("postgresql", SqlDialect.POSTGRESQL, Set.of("dsn", "password"), JdbcSettings.NON_SECRET_KEYS);
    }

    @Override
    JdbcTarget target(ConnectorConfig config, Duration queryTimeout, Duration connectTimeout) {
        return PostgresDsn.parse(config.requireString("dsn"), queryTimeout, connectTimeout);
    }
}
