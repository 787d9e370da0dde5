package com.qanatix.connectors.jdbc.internal;

import com.qanatix.core.spi.SourceException;
import com.qanatix.core.spi.RecordSource;
import com.qanatix.core.spi.RowLayout;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Streams a query's rows from a server-side cursor: PostgreSQL and generic JDBC in a read-only
 * transaction with autocommit off and fetch size = batch size; MySQL as a streaming result set.
 * Owns its connection: opened by {@link #open}, closed by {@link #close()} (idempotent, callable
 * from another thread to abort). Connecting, the login included, is bounded by the connect timeout;
 * the query, from {@code executeQuery} to its last row, by the query timeout ({@link QueryDeadline}).
 */
public final class JdbcRecordSource implements RecordSource {
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet resultSet;
    private final RowLayout layout;
    private final ColumnReader[] readers;
    /** The columns whose readers leave work for {@link ColumnReader#decode}. */
    private final int[] decodedColumns;
    private final RunningQuery running;
    private final QueryDeadline deadline;
    private final Optional<Instant> watermarkStart;

    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean advanced;
    private boolean hasRow;
    private volatile boolean exhausted;

    private JdbcRecordSource(SqlDialect dialect, Connection connection, PreparedStatement statement,
                             ResultSet resultSet, Set<String> jsonColumns, RunningQuery running,
                             QueryDeadline deadline, Optional<Instant> watermarkStart) throws SQLException {
        this.watermarkStart = watermarkStart;
        this.connection = connection;
        this.statement = statement;
        this.resultSet = resultSet;
        this.running = running;
        this.deadline = deadline;
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
     * @param clock reads the source's time before the query, on the same connection
     * @return the open source
     * @throws SourceException when connecting or starting the query fails; nothing is left open
     */
    public static JdbcRecordSource open(JdbcTarget target, ParsedSql sql, Map<String, Object> parameters,
                                        int fetchSize, Set<String> jsonColumns, SourceClock clock) {
        Connection c = null;
        PreparedStatement ps = null;
        QueryDeadline deadline = null;
        try {
            c = connect(target);
            startReadOnly(c, target.dialect());
            Optional<Instant> watermarkStart = clock.read(c);
            ps = c.prepareStatement(sql.jdbcSql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(target.dialect() == SqlDialect.MYSQL ? Integer.MIN_VALUE : fetchSize);
            List<String> names = sql.parameterNames();
            for (int i = 0; i < names.size(); i++) {
                ParameterBinder.bind(ps, i + 1, parameters.get(names.get(i)), target.dialect());
            }
            RunningQuery running = new RunningQuery(target, c, ps);
            deadline = QueryDeadline.start(target.queryTimeout(), running::stop);
            ResultSet rs = ps.executeQuery();
            return new JdbcRecordSource(target.dialect(), c, ps, rs, jsonColumns, running, deadline, watermarkStart);
        } catch (SQLException | RuntimeException e) {
            if (deadline != null) {
                deadline.cancel();
            }
            closeQuietly(ps);
            RunningQuery.abortQuietly(c);
            if (deadline != null && deadline.expired()) {
                throw new SourceException("starting the query failed: " + deadline.message(), e);
            }
            if (c == null && timedOut(e) && !target.connectTimeout().isZero()) {
                throw new SourceException(describe("connecting failed", e) + " (no answer within "
                        + "connect_timeout_seconds, " + target.connectTimeout().toSeconds() + " s: check the host "
                        + "and port, and that the server accepts connections)", e);
            }
            throw new SourceException(describe("connecting or starting the query failed", e), e);
        }
    }

    /**
     * Makes the server session read-only, whatever the driver does with {@link Connection#setReadOnly}:
     * PostgreSQL {@code SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY} (the session's
     * {@code default_transaction_read_only}, so the transaction pgjdbc opens is read-only on the
     * server); MySQL and MariaDB {@code SET SESSION TRANSACTION READ ONLY}, then an explicit
     * {@code START TRANSACTION READ ONLY}. Other databases get the driver's {@code setReadOnly(true)}
     * and a transaction that is rolled back, no more.
     */
    static void startReadOnly(Connection c, SqlDialect dialect) throws SQLException {
        switch (dialect) {
            case POSTGRESQL -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
                }
                c.setReadOnly(true);
                c.setAutoCommit(false);
            }
            case MYSQL -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SET SESSION TRANSACTION READ ONLY");
                }
                c.setReadOnly(true);
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("START TRANSACTION READ ONLY");
                }
            }
            default -> {
                c.setAutoCommit(false);
                c.setReadOnly(true);
            }
        }
    }

    /**
     * Connects within the target's connect timeout, the login included: a server that accepts the
     * TCP connection and then says nothing (stuck, or a proxy whose far end is gone) must not hold
     * a pull for ever. Each driver bounds its login differently.
     */
    private static Connection connect(JdbcTarget target) throws SQLException {
        Properties props = target.properties();
        long seconds = target.connectTimeout().toSeconds();
        boolean liftSocketTimeout = false;
        if (seconds > 0) {
            switch (target.dialect()) {
                // pgjdbc's connectTimeout covers the TCP connect only; loginTimeout the whole attempt.
                case POSTGRESQL -> props.putIfAbsent("loginTimeout", Long.toString(seconds));
                // Connector/J bounds the handshake only by DriverManager's JVM-wide login timeout, or by
                // socketTimeout: set that for the login, then lift it, unless the host chose one.
                case MYSQL -> {
                    liftSocketTimeout = !props.containsKey("socketTimeout");
                    if (liftSocketTimeout) {
                        props.setProperty("socketTimeout", Long.toString(target.connectTimeout().toMillis()));
                    }
                }
                // No standard per-connection login timeout: DriverManager's is the one drivers honour.
                default -> DriverManager.setLoginTimeout((int) Math.min(Integer.MAX_VALUE, seconds));
            }
        }
        Connection c = DriverManager.getConnection(target.url(), props);
        if (liftSocketTimeout) {
            try {
                c.setNetworkTimeout(Runnable::run, 0); // the query deadline bounds reads from here on
            } catch (SQLException | RuntimeException e) {
                RunningQuery.abortQuietly(c);
                throw e;
            }
        }
        return c;
    }

    /** @return whether a failure, or one of its causes, is a timeout */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTimeoutException || t instanceof SocketTimeoutException
                    || (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("timed out"))) {
                return true;
            }
        }
        return false;
    }

    /** The failure of a read: the deadline's message if it stopped the query, else the driver's. */
    private SourceException readFailure(String what, SQLException e) {
        if (deadline.expired()) {
            return new SourceException(what + ": " + deadline.message(), e);
        }
        return new SourceException(describe(what, e), e);
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
                throw readFailure("reading rows failed", e);
            }
            advanced = true;
            if (!hasRow) {
                exhausted = true; // a volatile write, once rather than every row
                deadline.cancel();
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
            throw readFailure("reading a row failed", e);
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

    /** @return the server's time at the start of the pull, capped by its oldest open transaction (see {@link SourceClock}) */
    @Override
    public Optional<Instant> watermarkStart() {
        return watermarkStart;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        deadline.cancel();
        if (!exhausted) {
            // An unfinished pull (failure, or an abort from another thread that may be inside next()):
            // stop the query on the server, then drop the connection (see RunningQuery). Closing an
            // unfinished MySQL stream would read every remaining row first, and closing a result set
            // under a reading thread is not safe.
            running.stop();
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
            RunningQuery.abortQuietly(connection);
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
