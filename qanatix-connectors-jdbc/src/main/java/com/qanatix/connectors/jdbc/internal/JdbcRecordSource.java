package com.qanatix.connectors.jdbc.internal;

import com.qanatix.core.SourceException;
import com.qanatix.core.spi.RecordSource;
import com.qanatix.core.spi.RowLayout;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Streams a query's rows from a server-side cursor: PostgreSQL and generic JDBC in a read-only
 * transaction with autocommit off and fetch size = batch size; MySQL as a streaming result set.
 * Owns its connection: opened by {@link #open}, closed by {@link #close()} (idempotent, callable
 * from another thread to abort).
 */
public final class JdbcRecordSource implements RecordSource {
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet resultSet;
    private final RowLayout layout;
    private final ColumnReader[] readers;
    /** The columns whose readers leave work for {@link ColumnReader#decode}. */
    private final int[] decodedColumns;
    private static final long CANCEL_WAIT_MILLIS = 2_000;

    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean advanced;
    private boolean hasRow;
    private volatile boolean exhausted;

    private JdbcRecordSource(SqlDialect dialect, Connection connection, PreparedStatement statement,
                             ResultSet resultSet, Set<String> jsonColumns) throws SQLException {
        this.connection = connection;
        this.statement = statement;
        this.resultSet = resultSet;
        ResultSetMetaData meta = resultSet.getMetaData();
        int n = meta.getColumnCount();
        List<String> labels = new ArrayList<>(n);
        this.readers = new ColumnReader[n];
        for (int i = 0; i < n; i++) {
            labels.add(meta.getColumnLabel(i + 1));
            readers[i] = ColumnTypeMapping.readerFor(dialect, meta, i + 1, jsonColumns);
        }
        this.layout = RowLayout.of(labels);
        this.decodedColumns = IntStream.range(0, n).filter(i -> readers[i].decodes()).toArray();
    }

    /**
     * Connects, prepares the query, binds its parameters and starts the cursor.
     *
     * @param target where to connect
     * @param sql the parsed query
     * @param parameters values by name
     * @param fetchSize rows per round trip
     * @param jsonColumns columns to parse as JSON
     * @return the open source
     * @throws SourceException when connecting or starting the query fails; nothing is left open
     */
    public static JdbcRecordSource open(JdbcTarget target, ParsedSql sql, Map<String, Object> parameters,
                                        int fetchSize, Set<String> jsonColumns) {
        Connection c = null;
        PreparedStatement ps = null;
        try {
            c = DriverManager.getConnection(target.url(), target.properties());
            c.setAutoCommit(false);
            c.setReadOnly(true);
            ps = c.prepareStatement(sql.jdbcSql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(target.dialect() == SqlDialect.MYSQL ? Integer.MIN_VALUE : fetchSize);
            ps.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, target.queryTimeout().toSeconds()));
            List<String> names = sql.parameterNames();
            for (int i = 0; i < names.size(); i++) {
                ParameterBinder.bind(ps, i + 1, parameters.get(names.get(i)), target.dialect());
            }
            ResultSet rs = ps.executeQuery();
            return new JdbcRecordSource(target.dialect(), c, ps, rs, jsonColumns);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(ps);
            abortQuietly(c);
            throw new SourceException(describe("connecting or starting the query failed", e), e);
        }
    }

    @Override
    public boolean hasNext() {
        if (!advanced) {
            if (closed.get()) {
                throw new SourceException("the source was closed (pull aborted)");
            }
            try {
                hasRow = resultSet.next();
            } catch (SQLException e) {
                throw new SourceException(describe("reading rows failed", e), e);
            }
            advanced = true;
            if (!hasRow) {
                exhausted = true; // a volatile write, once rather than every row
            }
        }
        return hasRow;
    }

    @Override
    public Map<String, Object> next() {
        return decode(nextRaw());
    }

    /** @return the row's values as the column readers read them, JSON still text */
    @Override
    public Object nextRaw() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        advanced = false;
        Object[] values = new Object[readers.length];
        try {
            for (int i = 0; i < readers.length; i++) {
                values[i] = readers[i].read(resultSet, i + 1);
            }
        } catch (SQLException e) {
            throw new SourceException(describe("reading a row failed", e), e);
        }
        return values;
    }

    /** Parses what the readers left (JSON), without the connection: on the pulling thread when reading ahead. */
    @Override
    public Map<String, Object> decode(Object raw) {
        Object[] values = (Object[]) raw;
        for (int i : decodedColumns) {
            values[i] = readers[i].decode(values[i]);
        }
        return layout.row(values);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!exhausted) {
            // An unfinished pull (failure, or an abort from another thread that may be inside next()):
            // stop the query on the server, then drop the connection. A dropped socket alone leaves a
            // PostgreSQL backend running until it next writes (a long sort, a pg_sleep); closing an
            // unfinished MySQL stream would read every remaining row first; and closing a result set
            // under a reading thread is not safe.
            cancelOnServer();
            abortQuietly(connection);
            return;
        }
        try {
            resultSet.close();
        } catch (SQLException | RuntimeException e) {
            // the connection is closed below either way
        }
        closeQuietly(statement);
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            // read-only: nothing to roll back; a broken connection is closed below
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            abortQuietly(connection);
        }
    }

    /**
     * Asks the server to cancel the running query (pgjdbc sends a CancelRequest, Connector/J a
     * KILL QUERY, each on a connection of its own), waiting at most {@value #CANCEL_WAIT_MILLIS} ms
     * so a server that does not answer cannot hold up the close.
     */
    private void cancelOnServer() {
        Thread canceller = new Thread(() -> {
            try {
                if (connection.isWrapperFor(PGConnection.class)) {
                    // pgjdbc's Statement.cancel() does nothing once executeQuery has returned, and a
                    // cursor's later fetches run outside it: cancel whatever the backend is doing.
                    connection.unwrap(PGConnection.class).cancelQuery();
                } else {
                    statement.cancel();
                }
            } catch (SQLException | RuntimeException e) {
                // best effort: the connection is aborted next either way
            }
        }, "qanatix-jdbc-cancel");
        canceller.setDaemon(true);
        canceller.start();
        try {
            canceller.join(CANCEL_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        if (ps != null) {
            try {
                ps.close();
            } catch (SQLException | RuntimeException e) {
                // closing the connection releases it
            }
        }
    }

    private static void abortQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // nothing more can be done
            }
        }
    }

    /** A message with the SQL state and the driver's message (the core redacts secrets from it). */
    static String describe(String what, Exception e) {
        StringBuilder sb = new StringBuilder(what).append(": ");
        if (e instanceof SQLException sql && sql.getSQLState() != null) {
            sb.append('[').append(sql.getSQLState()).append("] ");
        }
        sb.append(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip());
        return sb.toString();
    }
}
