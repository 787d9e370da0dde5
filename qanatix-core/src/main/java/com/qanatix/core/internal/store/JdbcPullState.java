package com.qanatix.core.internal.store;

import com.qanatix.core.internal.LongToLongTable;

import com.qanatix.core.StoreException;
import com.qanatix.core.Watermark;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A pull's dedup state in the JDBC store: one connection held for the pull, in one transaction
 * that the pull's {@link #commit} ends.
 *
 * <ul>
 *   <li><b>Lookups</b> ask the database only for the keys of the rows read, {@value #LOOKUP_BATCH}
 *   at a time in one round trip, and not at all when the connector had no committed entry when the
 *   pull began (a first pull). The pull's own puts are answered from a pull-scoped
 *   {@link FingerprintIndex}.</li>
 *   <li><b>Writes</b> go into the transaction while the pull runs, {@value #WRITE_BATCH} entries a
 *   statement (PostgreSQL {@code COPY} on a first pull, otherwise one multi-row upsert), on a
 *   thread of the pull's own so that the database works while the pull reads; at most
 *   {@value #WRITES_IN_FLIGHT} batches wait, then {@link #put} waits for the oldest.</li>
 *   <li><b>Commit</b> writes what is left and the watermark and commits the transaction: the
 *   entries and the watermark become visible together, and a crash before that leaves the database
 *   to roll all of it back. Its cost is that of the last batch, not of the pull.</li>
 * </ul>
 *
 * <p>Once the writer thread exists, every use of the connection runs on it, one at a time.
 */
final class JdbcPullState implements PullState {
    /** Keys a lookup asks the database for in one round trip. */
    static final int LOOKUP_BATCH = 2_000;
    /** Gathered before a lookup answered from memory only (no committed entries to ask for). */
    private static final int IN_MEMORY_LOOKUP_BATCH = 8;
    /** Entries one write statement carries. */
    static final int WRITE_BATCH = 8_192;
    private static final int WRITES_IN_FLIGHT = 2;
    private static final long CLOSE_WAIT_SECONDS = 60;

    /** Ends a pull's transaction: records the watermark and commits, or rolls back if the connector is gone. */
    @FunctionalInterface
    interface Finisher {
        void finish(Connection c, String id, Watermark watermark) throws SQLException;
    }

    /** Work on the pull's connection. */
    @FunctionalInterface
    private interface ConnectionWork {
        void run() throws SQLException;
    }

    private final String id;
    private final FingerprintTable table;
    private final Connection connection;
    private final boolean autoCommitBefore;
    private final Finisher finisher;
    private final boolean hasCommitted;
    private final FingerprintIndex puts = new FingerprintIndex();
    /** Keys this pull put more than once, whose first write may hold an older fingerprint. */
    private FingerprintIndex rewritten;
    private long[] bufferedKeys = new long[WRITE_BATCH];
    private long[] bufferedFingerprints = new long[WRITE_BATCH];
    private int buffered;
    private ExecutorService writer;
    private final ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();
    private long[] asked = new long[0];
    private int[] askedAt = new int[0];
    private LongToLongTable found;
    private boolean committed;
    private boolean closed;

    /**
     * Takes the connection over (closes it on failure too) and starts the pull's transaction.
     *
     * @param id the connector
     * @param table the fingerprint table's SQL
     * @param connection a connection of the pull's own
     * @param finisher records the watermark and commits
     */
    JdbcPullState(String id, FingerprintTable table, Connection connection, Finisher finisher) {
        this.id = requireNonNull(id, "id is null");
        this.table = requireNonNull(table, "table is null");
        this.connection = requireNonNull(connection, "connection is null");
        this.finisher = requireNonNull(finisher, "finisher is null");
        try {
            autoCommitBefore = connection.getAutoCommit();
            connection.setAutoCommit(false);
            hasCommitted = table.hasAny(connection, id);
        } catch (SQLException | RuntimeException e) {
            puts.close();
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw new StoreException("cannot begin a pull of " + id + " in the store's database: "
                    + e.getMessage(), e);
        }
    }

    /** @return thousands when lookups go to the database, a few when the pull's own index answers them */
    @Override
    public int lookupBatch() {
        return hasCommitted ? LOOKUP_BATCH : IN_MEMORY_LOOKUP_BATCH;
    }

    @Override
    public void getAll(long[] keyHashes, int count, long missing, long[] out) {
        puts.getAll(keyHashes, count, missing, out);
        if (!hasCommitted) {
            return;
        }
        if (asked.length < count) {
            asked = new long[Math.max(count, LOOKUP_BATCH)];
            askedAt = new int[asked.length];
            found = new LongToLongTable(asked.length);
        }
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (out[i] == missing) {
                asked[n] = keyHashes[i];
                askedAt[n++] = i;
            }
        }
        if (n == 0) {
            return;
        }
        int askedCount = n;
        onConnection(() -> table.lookup(connection, id, asked, askedCount, found), "look up fingerprints");
        for (int j = 0; j < n; j++) {
            out[askedAt[j]] = found.get(asked[j], missing);
        }
    }

    @Override
    public void put(long keyHash, long fingerprint) {
        if (puts.contains(keyHash)) {
            puts.put(keyHash, fingerprint);
            if (rewritten == null) {
                rewritten = new FingerprintIndex();
            }
            rewritten.put(keyHash, fingerprint);
            return;
        }
        puts.put(keyHash, fingerprint);
        bufferedKeys[buffered] = keyHash;
        bufferedFingerprints[buffered] = fingerprint;
        if (++buffered == WRITE_BATCH) {
            writeBuffered();
        }
    }

    /** Hands the buffered entries to the writer thread, waiting for the oldest batch if enough wait. */
    private void writeBuffered() {
        long[] keys = bufferedKeys;
        long[] fingerprints = bufferedFingerprints;
        int count = buffered;
        bufferedKeys = new long[WRITE_BATCH];
        bufferedFingerprints = new long[WRITE_BATCH];
        buffered = 0;
        if (writer == null) {
            writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "qanatix-store-writer-" + id);
                t.setDaemon(true);
                return t;
            });
        }
        while (inFlight.size() >= WRITES_IN_FLIGHT) {
            await(inFlight.poll(), "write fingerprints");
        }
        boolean mayExist = hasCommitted;
        inFlight.add(writer.submit(() -> {
            table.write(connection, id, keys, fingerprints, count, mayExist);
            return null;
        }));
    }

    @Override
    public void commit(Watermark watermark) {
        requireNonNull(watermark, "watermark is null");
        if (closed || committed) {
            throw new IllegalStateException("the pull of " + id + " has ended");
        }
        if (buffered > 0) {
            writeBuffered();
        }
        while (!inFlight.isEmpty()) {
            await(inFlight.poll(), "write fingerprints");
        }
        onConnection(() -> {
            writeRewritten();
            finisher.finish(connection, id, watermark);
        }, "commit the pull");
        committed = true;
    }

    /** Writes the final fingerprint of each key put more than once, over its earlier write. */
    private void writeRewritten() throws SQLException {
        if (rewritten == null) {
            return;
        }
        long[] keys = new long[Math.min(WRITE_BATCH, rewritten.size())];
        long[] fingerprints = new long[keys.length];
        int[] n = {0};
        SQLException[] failure = {null};
        rewritten.forEach((k, f) -> {
            if (failure[0] != null) {
                return;
            }
            keys[n[0]] = k;
            fingerprints[n[0]] = f;
            if (++n[0] == keys.length) {
                try {
                    table.write(connection, id, keys, fingerprints, n[0], true);
                } catch (SQLException e) {
                    failure[0] = e;
                }
                n[0] = 0;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        table.write(connection, id, keys, fingerprints, n[0], true);
    }

    /** Runs work on the connection: on the writer thread once there is one, so that uses never overlap. */
    private void onConnection(ConnectionWork work, String what) {
        if (writer == null) {
            try {
                work.run();
            } catch (SQLException e) {
                throw failed(what, e);
            }
            return;
        }
        await(writer.submit(() -> {
            work.run();
            return null;
        }), what);
    }

    private void await(Future<?> task, String what) {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to " + what + " of " + id, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StoreException) {
                throw (StoreException) cause;
            }
            throw failed(what, cause);
        }
    }

    private StoreException failed(String what, Throwable cause) {
        return new StoreException("cannot " + what + " of " + id + " in the store's database: "
                + cause.getMessage(), cause);
    }

    /** Rolls back unless committed, returns the connection and frees the pull's index; safe twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopWriter();
            if (!committed) {
                connection.rollback();
            }
            connection.setAutoCommit(autoCommitBefore);
        } catch (SQLException | RuntimeException e) {
            // the connection is closed below; a server rolls back what a lost connection left open
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                // nothing more to release
            }
            puts.close();
            if (rewritten != null) {
                rewritten.close();
            }
        }
    }

    private void stopWriter() {
        if (writer == null) {
            return;
        }
        inFlight.clear();
        writer.shutdown();
        try {
            if (!writer.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
