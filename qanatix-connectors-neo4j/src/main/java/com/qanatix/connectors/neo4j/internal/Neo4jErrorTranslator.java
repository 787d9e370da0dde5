package com.qanatix.connectors.neo4j.internal;

import com.qanatix.core.spi.SourceException;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.FatalDiscoveryException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.SecurityException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;

import static java.util.Objects.requireNonNull;

/**
 * Turns driver exceptions into {@link SourceException}s whose message says what went wrong in the
 * connector's terms (which key or the query to fix). The settings hold no credentials in the URI, and
 * no message here quotes the password; the core redacts messages once more.
 */
public final class Neo4jErrorTranslator {
    private final Neo4jSettings settings;

    /** @param settings the connector's settings, for host, user and database names */
    public Neo4jErrorTranslator(Neo4jSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /**
     * Translates a failure while connecting or starting the query.
     *
     * @param e the driver's exception
     * @return the exception to throw
     */
    public SourceException opening(RuntimeException e) {
        if (e instanceof SourceException s) {
            return s;
        }
        if (e instanceof AuthenticationException && settings.user().isEmpty()) {
            return new SourceException("Neo4j at " + settings.address() + " requires a login; set "
                    + "connection_config.user and connection_config.password (" + message(e) + ")", e);
        }
        if (e instanceof AuthenticationException) {
            return new SourceException("Neo4j at " + settings.address() + " rejected the credentials of user '"
                    + settings.user().orElse("") + "'; check connection_config.user and connection_config.password"
                    + " (" + message(e) + ")", e);
        }
        if (e instanceof SecurityException) {
            return new SourceException("Neo4j at " + settings.address() + " refused access for user '"
                    + settings.user().orElse("") + "': " + message(e), e);
        }
        if (e instanceof ServiceUnavailableException || e instanceof SessionExpiredException
                || e instanceof ClientException c && !fromServer(c)) {
            // A client-side failure while connecting: refused, timed out, or no Bolt answer in time.
            return new SourceException("cannot reach Neo4j at " + settings.address() + " (connection_config.uri, "
                    + "connection_timeout_seconds " + settings.connectionTimeout().toSeconds() + "): " + message(e), e);
        }
        return query(e);
    }

    /**
     * Translates a failure while fetching rows.
     *
     * @param e the driver's exception
     * @param rows how many rows were read before it
     * @return the exception to throw
     */
    public SourceException fetching(RuntimeException e, long rows) {
        if (e instanceof SourceException s) {
            return s;
        }
        if (e instanceof ServiceUnavailableException || e instanceof SessionExpiredException) {
            return new SourceException("lost the connection to Neo4j at " + settings.address() + " after " + rows
                    + " rows: " + message(e), e);
        }
        return query(e);
    }

    private SourceException query(RuntimeException e) {
        if (e instanceof Neo4jException n && fromServer(n)) {
            String code = n.code();
            if (e instanceof FatalDiscoveryException || code.endsWith("DatabaseNotFound")) {
                return new SourceException("database '" + settings.database() + "' does not exist on Neo4j at "
                        + settings.address() + "; check connection_config.database (" + message(e) + ")", e);
            }
            if (code.startsWith("Neo.ClientError.Statement.")) {
                if (code.endsWith("AccessMode")) {
                    return new SourceException("the query tries to write; the neo4j connector runs it in a read "
                            + "transaction, so use a read-only query (" + message(e) + ")", e);
                }
                return new SourceException("Neo4j rejected the query (" + code + "): " + message(e), e);
            }
            if (code.contains("TransactionTimedOut") || code.contains("Transaction.Terminated")) {
                return new SourceException("the query exceeded its time limit (connection_config."
                        + Neo4jSettings.QUERY_TIMEOUT + " or the server's db.transaction.timeout): " + message(e), e);
            }
            return new SourceException("Neo4j error " + code + ": " + message(e), e);
        }
        if (e instanceof ClientException) {
            return new SourceException("the Neo4j driver refused the request: " + message(e), e);
        }
        return new SourceException("reading from Neo4j at " + settings.address() + " failed: "
                + e.getClass().getSimpleName() + ": " + message(e), e);
    }

    /** Errors the server sent carry a status code ({@code Neo.ClientError...}); the driver's own do not. */
    private static boolean fromServer(Neo4jException e) {
        return e.code() != null && e.code().startsWith("Neo.");
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.strip();
    }
}
