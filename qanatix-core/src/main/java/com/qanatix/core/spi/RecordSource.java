package com.qanatix.core.spi;

import java.util.Iterator;
import java.util.Map;

/**
 * A streaming cursor over the rows a connector's query returns, opened by
 * {@link ConnectorProvider#open(PullContext)} for one pull.
 *
 * <p>Each row is a map from column (field) name to a value of the normalized types (see
 * {@code Record#data()}): {@code Long}, {@code Double}, {@code BigDecimal}, {@code String},
 * {@code Boolean}, {@code java.time} values, {@code byte[]}, {@code UUID},
 * {@code Map<String,Object>}, {@code List<Object>}, or {@code null} for SQL NULL. Column order is
 * the query's. The map returned by {@link #next()} belongs to the caller; the source must not
 * reuse or change it afterwards.
 *
 * <p>A source never holds the whole result: it fetches rows in chunks of about
 * {@link PullContext#batchSize()} from a server-side cursor. Failures are thrown as
 * {@link com.qanatix.core.SourceException} (unchecked) from {@link #hasNext()} or {@link #next()}.
 *
 * <p>Callers open a source in try-with-resources. {@link #close()} releases every server
 * resource (cursor, statement, connection, client), throws no checked exception, and is safe to
 * call more than once and from another thread, which aborts a pull in progress.
 */
public interface RecordSource extends Iterator<Map<String, Object>>, AutoCloseable {

    /** Releases the cursor and the connection. Idempotent; never throws a checked exception. */
    @Override
    void close();
}
