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
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;

import java.sql.SQLException;
import java.util.Set;

/** What the three JDBC connector types share: query checks at create time, and opening a source. */
final class JdbcConnectorSupport {
    private static final Set<String> PARAMETERS = Set.of(PullContext.LAST_PULL);

    private JdbcConnectorSupport() {
    }

    static void validateQuery(String query, SqlDialect dialect) {
        if (!SqlParameterLexer.looksLikeRead(query)) {
            throw new InvalidConfigException("query must be a read statement (SELECT, WITH, VALUES or TABLE); "
                    + "connectors only read");
        }
        SqlParameterLexer.parse(query, dialect, PARAMETERS);
    }

    static RecordSource open(JdbcTarget target, PullContext context, ConnectorConfig config) {
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
}
