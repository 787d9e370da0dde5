package com.qanatix.connectors.neo4j.internal;

import com.qanatix.core.spi.SourceException;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;
import com.qanatix.core.spi.RowLayout;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.TransactionConfig;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Streams the rows of one Cypher query for one pull.
 *
 * <p>{@link #open} creates a driver of its own, opens a session in {@link AccessMode#READ} on the
 * configured database with fetch size = batch size, begins an explicit read transaction, reads the
 * server's clock in it ({@code datetime.transaction()}, see {@link #watermarkStart()}) and runs the
 * query in it; the driver then pulls records from the server {@code batchSize} at a time as the
 * iteration advances, so memory stays bounded whatever the result size. The transaction is never
 * committed: {@link #close()} rolls it back (a no-op for a read) and closes the session and the
 * driver, whether the pull succeeded or not. {@link #close()} from another thread closes the driver
 * first, which ends the connection and makes the iterating thread fail with a {@link SourceException}.
 */
public final class Neo4jSource implements RecordSource {
    private static final String USER_AGENT = "qanatix-connectors-neo4j";
    /** The transaction's clock: the server's time when the pull's transaction began. */
    private static final String SERVER_TIME = "RETURN datetime.transaction()";

    private final Driver driver;
    private final Session session;
    private final Transaction transaction;
    private final Result result;
    private final String[] columns;
    private final RowLayout layout;
    private final Neo4jErrorTranslator errors;
    private final Thread owner = Thread.currentThread();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Instant serverTime;
    private long rows;

    private Neo4jSource(Driver driver, Session session, Transaction transaction, Result result,
                        Neo4jErrorTranslator errors, Instant serverTime) {
        this.serverTime = serverTime;
        this.driver = driver;
        this.session = session;
        this.transaction = transaction;
        this.result = result;
        this.errors = errors;
        List<String> keys = result.keys();
        this.columns = keys.toArray(new String[0]);
        this.layout = RowLayout.of(keys); // Cypher result keys are distinct
    }

    /**
     * Connects and starts the query.
     *
     * @param settings the checked connection settings
     * @param context the pull
     * @return the open source, owning its driver
     * @throws SourceException when connecting, logging in or starting the query fails; nothing is left open
     */
    public static Neo4jSource open(Neo4jSettings settings, PullContext context) {
        Neo4jErrorTranslator errors = new Neo4jErrorTranslator(settings);
        Map<String, Object> parameters = CypherParameters.of(context.parameters());
        Driver driver = null;
        Session session = null;
        Transaction transaction = null;
        try {
            driver = GraphDatabase.driver(settings.uri(), authToken(settings), driverConfig(settings, context));
            session = driver.session(SessionConfig.builder()
                    .withDatabase(settings.database())
                    .withDefaultAccessMode(AccessMode.READ)
                    .withFetchSize(context.batchSize())
                    .build());
            TransactionConfig.Builder tx = TransactionConfig.builder()
                    .withMetadata(Map.of("app", USER_AGENT, "connector_id", context.connectorId()));
            settings.transactionTimeout().ifPresent(tx::withTimeout);
            transaction = session.beginTransaction(tx.build());
            // The server's clock, in the pull's own transaction before its query: where the next pull
            // re-reads from, whatever the host's clock says.
            Instant serverTime = transaction.run(SERVER_TIME).single().get(0).asZonedDateTime().toInstant();
            Result result = transaction.run(context.query(), parameters);
            return new Neo4jSource(driver, session, transaction, result, errors, serverTime);
        } catch (RuntimeException e) {
            SourceException translated = errors.opening(e);
            closeQuietly(transaction, session, driver, translated);
            throw translated;
        }
    }

    private static AuthToken authToken(Neo4jSettings settings) {
        return settings.user().map(user -> AuthTokens.basic(user, settings.password())).orElseGet(AuthTokens::none);
    }

    private static Config driverConfig(Neo4jSettings settings, PullContext context) {
        return Config.builder()
                .withConnectionTimeout(settings.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .withConnectionAcquisitionTimeout(settings.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .withFetchSize(context.batchSize())
                .withMaxConnectionPoolSize(2)
                .withEventLoopThreads(1)
                .withUserAgent(USER_AGENT)
                .withTelemetryDisabled(true)
                .build();
    }

    @Override
    public boolean hasNext() {
        if (closed.get()) {
            return false;
        }
        try {
            return result.hasNext();
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public Map<String, Object> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows");
        }
        Record record;
        try {
            record = result.next();
        } catch (RuntimeException e) {
            throw failure(e);
        }
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            values[i] = Neo4jValueMapper.map(record.get(i), columns[i]);
        }
        rows++;
        return layout.row(values);
    }

    private SourceException failure(RuntimeException e) {
        if (closed.get()) {
            return new SourceException("the pull was aborted: the Neo4j source was closed after " + rows + " rows", e);
        }
        return errors.fetching(e, rows);
    }

    /**
     * @return the server's {@code datetime.transaction()} read in the pull's transaction before its
     *     query. Neo4j shows other users' open transactions only to administrators
     *     ({@code SHOW TRANSACTIONS}), so nothing caps it: a write transaction open longer than the
     *     lookback can commit rows the next pull misses.
     */
    @Override
    public Optional<Instant> watermarkStart() {
        return Optional.of(serverTime);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != owner) {
            // Aborting from another thread: closing the driver ends the connection the owner may be blocked on.
            closeQuietly(null, null, driver, null);
        }
        closeQuietly(transaction, session, driver, null);
    }

    /** Closes what is open, innermost first; every step runs even when an earlier one fails. */
    private static void closeQuietly(Transaction transaction, Session session, Driver driver, Exception primary) {
        if (transaction != null) {
            try {
                transaction.close();
            } catch (RuntimeException e) {
                suppress(primary, e);
            }
        }
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException e) {
                suppress(primary, e);
            }
        }
        if (driver != null) {
            try {
                driver.close();
            } catch (RuntimeException e) {
                suppress(primary, e);
            }
        }
    }

    private static void suppress(Exception primary, RuntimeException e) {
        if (primary != null) {
            primary.addSuppressed(e);
        }
    }
}
