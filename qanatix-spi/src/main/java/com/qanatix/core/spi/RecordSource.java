package com.qanatix.core.spi;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * A streaming cursor over the rows a connector's query returns, opened by
 * {@link ConnectorProvider#open(PullContext)} for one pull.
 *
 * <p>Each row is a map from column (field) name to a value of the normalized types (see
 * {@code IngestRecord#data()}): {@code Long}, {@code Double}, {@code BigDecimal}, {@code String},
 * {@code Boolean}, {@code java.time} values, {@code byte[]}, {@code UUID},
 * {@code Map<String,Object>}, {@code List<Object>}, or {@code null} for SQL NULL. Column order is
 * the query's. The map returned by {@link #next()} belongs to the caller; the source must not
 * reuse or change it afterwards.
 *
 * <p>A source never holds the whole result: it fetches rows in chunks of about
 * {@link PullContext#batchSize()} from a server-side cursor. Failures are thrown as
 * {@link com.qanatix.core.spi.SourceException} (unchecked) from {@link #hasNext()} or {@link #next()}.
 *
 * <p>Callers open a source in try-with-resources. {@link #close()} releases every server
 * resource (cursor, statement, connection, client), throws no checked exception, and is safe to
 * call more than once and from another thread, which aborts a pull in progress.
 */
public interface RecordSource extends Iterator<Map<String, Object>>, AutoCloseable {

    /**
     * The first half of {@link #next()}, for a pull that reads ahead on a thread of its own (see
     * {@link ConnectorProvider#readAhead()}): everything that needs the connection, leaving for
     * {@link #decode} the work that does not (parsing JSON text, say). The reading thread then
     * fetches the next rows while the pulling thread decodes these. {@code decode(nextRaw())} must
     * return what {@code next()} would have. The default is {@code next()}: a source that overrides
     * neither method decodes everything on the reading thread.
     *
     * @return the row as read, opaque to everyone but this source's {@link #decode}
     * @throws java.util.NoSuchElementException when there is no next row
     */
    default Object nextRaw() {
        return next();
    }

    /**
     * The second half of {@link #next()}: turns what {@link #nextRaw()} returned into the row. Called
     * once for each raw row, in order, from one thread, which may be another than the one calling
     * {@code nextRaw()} and may run while it fetches later rows; so it must not use the connection.
     * Failures are thrown as {@link com.qanatix.core.spi.SourceException}.
     *
     * @param raw what {@code nextRaw()} returned
     * @return the row
     */
    @SuppressWarnings("unchecked") // the default nextRaw() returns next()'s row
    default Map<String, Object> decode(Object raw) {
        return (Map<String, Object>) raw;
    }

    /**
     * The instant the next pull must re-read from, on the source's own clock: the server's time at
     * the start of this pull, or the start of the oldest transaction then open on the server when
     * the source can see it and it is earlier. A row this pull cannot see (a transaction not yet
     * committed) was written by a transaction open at that moment or started later, so a query
     * {@code updated_at > :last_pull} whose stamps come from the server's clock finds it in the next
     * pull, whose {@code :last_pull} is this instant minus the lookback. It also caps a temporal
     * {@code watermark_column}: the next pull never starts past it.
     *
     * <p>Read when the source is opened, before its first row, on the source's own connection (a
     * JDBC source runs a small query in its read-only transaction before the main one). Called once,
     * on the thread that opened the source, before any row is read.
     *
     * @return the instant, or empty to let the core use the host's clock (the default)
     */
    default Optional<Instant> watermarkStart() {
        return Optional.empty();
    }

    /** Releases the cursor and the connection. Idempotent; never throws a checked exception. */
    @Override
    void close();
}
