package com.qanatix.connectors.jdbc;

import com.qanatix.connectors.jdbc.internal.JdbcRecordSource;
import com.qanatix.connectors.jdbc.internal.JdbcTarget;
import com.qanatix.connectors.jdbc.internal.ParsedSql;
import com.qanatix.connectors.jdbc.internal.SqlDialect;
import com.qanatix.connectors.jdbc.internal.SourceClock;
import com.qanatix.connectors.jdbc.internal.SqlParameterLexer;
import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.spi.SourceException;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

/**
 * What the three JDBC connector types share; each says only how its {@code connection_config}
 * becomes a connection ({@link #target}). Validation checks that config, {@code json_columns} and
 * that the query is one read statement whose only parameter is {@code :last_pull}; a pull streams
 * the query's rows through {@link JdbcRecordSource}; read-ahead is on, since a JDBC driver's parsing
 * of each row is work worth overlapping with dedup.
 */
abstract sealed class JdbcConnectorProvider implements ConnectorProvider
        permits PostgresConnectorProvider, MySqlConnectorProvider, GenericJdbcConnectorProvider {
    private static final Set<String> PARAMETERS = Set.of(PullContext.LAST_PULL);

    private final String connectorType;
    private final SqlDialect queryDialect;
    private final Set<String> secretKeys;
    private final Set<String> nonSecretKeys;

    /**
     * @param connectorType the {@code connector_type}
     * @param queryDialect the lexical rules a query is checked with when the connector is created
     * @param secretKeys keys that are secret even if {@code nonSecretKeys} lists them
     * @param nonSecretKeys keys whose values are not secrets
     */
    JdbcConnectorProvider(String connectorType, SqlDialect queryDialect, Set<String> secretKeys,
                          Set<String> nonSecretKeys) {
        this.connectorType = connectorType;
        this.queryDialect = queryDialect;
        this.secretKeys = secretKeys;
        this.nonSecretKeys = nonSecretKeys;
    }

    /**
     * @param config the connector's {@code connection_config}
     * @param queryTimeout {@code query_timeout_seconds}
     * @param connectTimeout {@code connect_timeout_seconds}
     * @return the URL, driver properties and dialect to connect with
     * @throws InvalidConfigException naming the key that is missing or malformed
     */
    abstract JdbcTarget target(ConnectorConfig config, Duration queryTimeout, Duration connectTimeout);

    @Override
    public final String connectorType() {
        return connectorType;
    }

    @Override
    public final Set<String> secretConfigKeys() {
        return secretKeys;
    }

    @Override
    public final Set<String> nonSecretConfigKeys() {
        return nonSecretKeys;
    }

    @Override
    public final void validate(ConnectorConfig config, String query) {
        target(config);
        JdbcSettings.jsonColumns(config);
        if (!SqlParameterLexer.looksLikeRead(query)) {
            throw new InvalidConfigException("query must be a read statement (SELECT, WITH, VALUES or TABLE); "
                    + "connectors only read");
        }
        SqlParameterLexer.parse(query, queryDialect, PARAMETERS);
    }

    /** Yes: a JDBC driver's parsing of each row is work worth overlapping with dedup (BENCHMARKS.md). */
    @Override
    public final boolean readAhead() {
        return true;
    }

    @Override
    public final RecordSource open(PullContext context) {
        ConnectorConfig config = context.config();
        JdbcTarget target = target(config);
        ParsedSql sql = SqlParameterLexer.parse(context.query(), target.dialect(), context.parameters().keySet());
        try {
            return JdbcRecordSource.open(target, sql, context.parameters(), context.batchSize(),
                    JdbcSettings.jsonColumns(config), new SourceClock(target.dialect(), context.connectorId()));
        } catch (SourceException e) {
            // SQLState class 28, invalid authorization: PostgreSQL's 28P01 (wrong password) and 28000,
            // MySQL's "Access denied" (28000). Say what to fix.
            if (e.getCause() instanceof SQLException refused && refused.getSQLState() != null
                    && refused.getSQLState().startsWith("28")) {
                throw new SourceException(e.getMessage()
                        + " (the server refused the credentials: check the user and password in connection_config)", e);
            }
            throw e;
        }
    }

    private JdbcTarget target(ConnectorConfig config) {
        return target(config, JdbcSettings.queryTimeout(config), JdbcSettings.connectTimeout(config));
    }
}
