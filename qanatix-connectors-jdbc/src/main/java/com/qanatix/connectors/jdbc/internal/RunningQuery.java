package com.qanatix.connectors.jdbc.internal;

import com.mysql.cj.MysqlConnection;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * A query in flight, and how to stop it from any thread: cancel it on the server, then drop the
 * connection. Dropping the socket alone is not enough: a PostgreSQL backend runs on until it next
 * writes (a long sort, a {@code pg_sleep}), and so does a MariaDB query whose rows still fit its
 * network buffer. {@code Statement.cancel()} is no help once {@code executeQuery} has returned:
 * pgjdbc's and Connector/J's both do nothing then, while a cursor's later fetches (pgjdbc) and a
 * streamed result (Connector/J) are still running on the server. So PostgreSQL gets a
 * CancelRequest for the backend, MySQL a {@code KILL QUERY} for the session's thread, each on a
 * connection of its own, and other drivers {@code Statement.cancel()}.
 */
final class RunningQuery {
    private static final long CANCEL_WAIT_MILLIS = 2_000;

    private final JdbcTarget target;
    private final Connection connection;
    private final PreparedStatement statement;
    /** The server's id of the session, for {@code KILL QUERY}; -1 unless the driver is Connector/J. */
    private final long mysqlThreadId;

    /**
     * Call on the thread that opened the connection, before anyone else uses it.
     *
     * @param target where the connection goes (a {@code KILL QUERY} needs a connection of its own)
     * @param connection the query's connection
     * @param statement the query
     * @throws SQLException from the driver
     */
    RunningQuery(JdbcTarget target, Connection connection, PreparedStatement statement) throws SQLException {
        this.target = requireNonNull(target, "target is null");
        this.connection = requireNonNull(connection, "connection is null");
        this.statement = requireNonNull(statement, "statement is null");
        // Each driver's classes only for its own dialect: a host may leave the other driver out.
        this.mysqlThreadId = target.dialect() == SqlDialect.MYSQL && connection.isWrapperFor(MysqlConnection.class)
                ? connection.unwrap(MysqlConnection.class).getId() : -1;
    }

    /**
     * Cancels the query on the server (waiting at most {@value #CANCEL_WAIT_MILLIS} ms, so a server
     * that does not answer cannot hold this up), then drops the connection.
     */
    void stop() {
        Thread canceller = new Thread(this::cancelOnServer, "qanatix-jdbc-cancel");
        canceller.setDaemon(true);
        canceller.start();
        try {
            canceller.join(CANCEL_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        abortQuietly(connection);
    }

    private void cancelOnServer() {
        try {
            if (target.dialect() == SqlDialect.POSTGRESQL && connection.isWrapperFor(PGConnection.class)) {
                connection.unwrap(PGConnection.class).cancelQuery();
            } else if (mysqlThreadId >= 0) {
                killQuery();
            } else {
                statement.cancel();
            }
        } catch (SQLException | RuntimeException e) {
            // best effort: the connection is dropped next either way
        }
    }

    /** {@code KILL QUERY} on a short-lived connection: a user may always kill its own sessions' queries. */
    private void killQuery() throws SQLException {
        Properties props = target.properties();
        props.setProperty("connectTimeout", Long.toString(CANCEL_WAIT_MILLIS));
        props.setProperty("socketTimeout", Long.toString(CANCEL_WAIT_MILLIS));
        try (Connection killer = DriverManager.getConnection(target.url(), props);
             Statement s = killer.createStatement()) {
            s.execute("KILL QUERY " + mysqlThreadId);
        }
    }

    /**
     * Drops a connection at once, without a round trip; closes it if the driver cannot abort, or
     * if aborting left it open (H2's {@code abort} does nothing, and its session would stay).
     */
    static void abortQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            // closed below
        }
        try {
            if (!c.isClosed()) {
                c.close();
            }
        } catch (SQLException | RuntimeException ignored) {
            // nothing more can be done
        }
    }
}
