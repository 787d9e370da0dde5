package com.qanatix.core.internal;

import com.qanatix.core.Connector;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.RecordSink;
import com.qanatix.core.StoreException;
import com.qanatix.core.internal.store.PullState;
import com.qanatix.core.internal.store.StoreBackend;
import com.qanatix.core.internal.store.StoredConnector;
import com.qanatix.core.Watermark;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;
import com.qanatix.core.spi.SourceException;
import com.qanatix.core.spi.Row;
import com.qanatix.crypto.MultiFernet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs one pull of one connector: decrypt, open the source, map rows to records, skip duplicates,
 * write batches, and commit the watermark and fingerprints only after the sink committed.
 *
 * <p>Never throws for a failing source, sink or store: the result says {@code failed}, with a
 * redacted error. The caller guarantees that two pulls of one connector do not overlap.
 */
public final class PullRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PullRunner.class);
    private static final long MISSING = 0L;

    private final ProviderRegistry providers;
    private final StoreBackend store;
    private final RecordSink sink;
    private final MultiFernet cipher;
    private final Clock clock;
    /** Null: the provider decides. */
    private final Boolean readAhead;

    /**
     * @param providers connector types
     * @param store where state lives
     * @param sink where records go
     * @param cipher decrypts configurations
     * @param clock the host's clock: a pull's start for listeners and sinks, and for the watermark
     *     where the source cannot tell its own time
     * @param readAhead whether sources are read on a thread of their own, up to a batch and a chunk ahead;
     *     null to let each provider decide
     */
    public PullRunner(ProviderRegistry providers, StoreBackend store, RecordSink sink, MultiFernet cipher,
                      Clock clock, Boolean readAhead) {
        this.readAhead = readAhead;
        this.providers = providers;
        this.store = store;
        this.sink = sink;
        this.cipher = cipher;
        this.clock = clock;
    }

    /**
     * @param stored the connector to pull
     * @param listener observes the pull
     * @param sourceRegistrar told of the open source, so a shutdown can close it; may be null
     * @return the result
     */
    public PullResult run(StoredConnector stored, PullListener listener, ActivePulls sourceRegistrar) {
        Connector connector = stored.connector();
        Instant startedAt = clock.instant();
        long t0 = System.nanoTime();
        PullInfo info = new PullInfo(UUID.randomUUID(), connector.id(), connector.definition().name(), startedAt);
        SafeListener events = new SafeListener(listener);
        events.pullStarted(info);
        SecretRedactor redactor = SecretRedactor.generic();
        Counters counters = new Counters();
        boolean sinkCommitted = false;
        PullResult result;
        try {
            ConnectorProvider provider = providers.require(connector.definition().connectorType());
            Map<String, Object> config = ConnectorCredentials.decrypt(cipher, stored);
            redactor = SecretRedactor.forConfig(config, SecretKeys.of(provider));
            if (LOG.isDebugEnabled()) {
                LOG.debug("pulling connector {} ({}, type {}) with connection_config {}", connector.id(),
                        connector.definition().name(), connector.definition().connectorType(),
                        SecretRedactor.mask(config, SecretKeys.of(provider)));
            }
            Optional<Watermark> previous = store.watermark(connector.id());
            PullContext context = PullContext.builder()
                    .connectorId(connector.id())
                    .config(ConnectorConfig.of(config))
                    .query(connector.definition().query())
                    .parameter(PullContext.LAST_PULL, lastPull(connector, previous))
                    .batchSize(connector.definition().batchSize())
                    .watermarkColumn(connector.definition().watermarkColumn().orElse(null))
                    .build();
            counters.lateBoundary = connector.definition().watermarkColumn().isPresent()
                    ? previous.flatMap(Watermark::columnValue).orElse(null) : null;
            Object columnMax;
            boolean recordSourceIds = connector.definition().deletes().isPresent();
            try (PullState state = recordSourceIds ? store.beginPullWithSourceIds(connector.id())
                    : store.beginPull(connector.id())) {
                columnMax = stream(provider, context, connector, info, state, counters, events, sourceRegistrar);
                if (sourceRegistrar != null && sourceRegistrar.aborting()) {
                    throw new SourceException("the Qanatix instance was closed and its grace period ran out "
                            + "before this pull could commit; the next pull delivers these records again");
                }
                SinkCalls.commit(sink, info);
                sinkCommitted = true;
                try {
                    state.commit(nextWatermark(startedAt, counters.sourceStart, columnMax, previous));
                } catch (RuntimeException e) {
                    throw new StoreException("the sink committed the records but the store could not record the "
                            + "pull (" + redactor.describe(e) + "); the next pull delivers them again", e);
                }
            }
            events.lateRowsCaught(info, counters.lateRows);
            result = new PullResult(PullStatus.COMPLETED, counters.pulled, counters.ingested, counters.duplicates,
                    seconds(t0), Optional.empty());
            LOG.info("pull of connector {} ({}) completed: {} pulled, {} ingested, {} duplicates in {} s",
                    connector.id(), connector.definition().name(), counters.pulled, counters.ingested, counters.duplicates,
                    String.format("%.3f", result.durationSeconds()));
        } catch (RuntimeException | Error e) {
            String message = SinkCalls.failed(e, sink, info, sinkCommitted, redactor);
            result = new PullResult(PullStatus.FAILED, counters.pulled, counters.ingested, counters.duplicates,
                    seconds(t0), Optional.of(message));
            LOG.warn("pull of connector {} ({}) failed after {} records; {}: {}", connector.id(), connector.definition().name(),
                    counters.pulled, sinkCommitted ? "the sink committed, the store did not" : "nothing committed",
                    message);
        }
        events.pullFinished(info, result);
        return result;
    }

    /**
     * The value bound to {@code :last_pull}: the previous pull's watermark minus the lookback, so rows
     * committed late are read again (dedup skips those already ingested). A start-time watermark
     * goes back {@code watermark_lookback_seconds} from where the previous pull said to re-read from;
     * a temporal watermark column goes back as many seconds from its stored value, a numeric one
     * {@code watermark_lookback} in its units. Values equal to the stored one are therefore re-read,
     * never skipped, whenever the lookback is above zero.
     */
    private static Object lastPull(Connector connector, Optional<Watermark> previous) {
        if (connector.definition().watermarkColumn().isPresent()) {
            Optional<Object> column = previous.flatMap(Watermark::columnValue);
            if (column.isPresent()) {
                return WatermarkValues.minusLookback(column.get(), connector.definition().watermarkLookbackSeconds(),
                        connector.definition().watermarkLookback().orElse(BigDecimal.ZERO));
            }
            return connector.definition().watermarkStart().map(WatermarkValues::parseStart).orElse(Instant.EPOCH);
        }
        return previous.map(w -> WatermarkValues.minusLookback(w.lastPullStartedAt(),
                        connector.definition().watermarkLookbackSeconds(), BigDecimal.ZERO))
                .orElse(Instant.EPOCH);
    }

    /**
     * What a completed pull leaves for the next: where to re-read from, on the source's clock and
     * capped by the oldest transaction open on the source (the host's clock when the source cannot
     * tell), and the watermark column's value to re-read from: the largest seen, capped by the same
     * instant for a temporal column, since a transaction open when this pull started may still commit
     * rows stamped from its start on. A source that cannot tell caps nothing.
     */
    private static Watermark nextWatermark(Instant startedAt, Instant sourceStart, Object columnMax,
                                           Optional<Watermark> previous) {
        Optional<Object> column;
        if (columnMax == null) {
            column = previous.flatMap(Watermark::columnValue);
        } else {
            column = Optional.of(sourceStart == null ? columnMax : WatermarkValues.capAt(columnMax, sourceStart));
        }
        return new Watermark(sourceStart != null ? sourceStart : startedAt, column);
    }

    /**
     * The per-row loop; returns the largest watermark column value seen, or null. Rows are hashed as
     * they arrive and checked against the indexes a {@link Chunk} at a time, so the cache misses of
     * their lookups overlap.
     */
    private Object stream(ConnectorProvider provider, PullContext context, Connector connector, PullInfo info,
                          PullState state, Counters counters, SafeListener events, ActivePulls active) {
        String nameColumn = connector.definition().nameColumn();
        String watermarkColumn = connector.definition().watermarkColumn().orElse(null);
        Fingerprinter fingerprinter = new Fingerprinter();
        Object columnMax = null;
        String sourceIdColumn = null;
        Chunk chunk = new Chunk(connector, info, state, counters, events);
        RecordSource source = provider.open(context);
        try {
            counters.sourceStart = source.watermarkStart().orElse(null);
        } catch (RuntimeException | Error e) {
            source.close();
            throw e;
        }
        if (readAhead == null ? provider.readAhead() : readAhead) {
            RecordSource opened = source;
            try {
                // Up to a whole fetch (batch_size rows) and a chunk may wait, so the reader goes through
                // a driver's batch and asks the server for the next early; no more than MAX_AHEAD rows,
                // which a young collection copies (see ReadAheadSource).
                source = new ReadAheadSource(opened, Math.min(connector.definition().batchSize()
                        + ReadAheadSource.MAX_CHUNK, ReadAheadSource.MAX_AHEAD),
                        "qanatix-pull-" + connector.id() + "-reader");
            } catch (RuntimeException | Error e) {
                opened.close(); // no reader thread (out of threads or memory): the source must not stay open
                throw e;
            }
        }
        try (RegisteredSource registered = new RegisteredSource(source, active, info, "the source")) {
            RecordSource rows = registered.source();
            RowColumn sourceIdValue = null;
            RowColumn nameValue = new RowColumn(nameColumn);
            RowColumn watermarkValue = watermarkColumn == null ? null : new RowColumn(watermarkColumn);
            while (rows.hasNext()) {
                Map<String, Object> row = rows.next();
                counters.pulled++;
                if (sourceIdColumn == null) {
                    sourceIdColumn = ResultColumns.sourceIdColumn(connector, provider, row);
                    sourceIdValue = new RowColumn(sourceIdColumn);
                    nameValue = new RowColumn(ResultColumns.require(row, nameColumn, "name_column"));
                    if (watermarkColumn != null) {
                        watermarkValue = new RowColumn(ResultColumns.require(row, watermarkColumn, "watermark_column"));
                    }
                }
                String sourceId = ResultColumns.sourceId(sourceIdValue.in(row), sourceIdColumn, counters.pulled);
                Object nameObject = nameValue.in(row);
                String name = nameObject == null ? null : nameObject.toString();
                boolean late = false;
                if (watermarkValue != null) {
                    Object v = watermarkValue.in(row);
                    if (v != null && (columnMax == null || WatermarkValues.compare(v, columnMax) > 0)) {
                        columnMax = v;
                    }
                    late = v != null && counters.lateBoundary != null && WatermarkValues.atOrBelow(v, counters.lateBoundary);
                }
                chunk.add(fingerprinter.keyHash(sourceId), fingerprinter.contentHash(name, row), sourceId, name, row,
                        late);
            }
            chunk.finish();
        }
        if (columnMax != null && !WatermarkValues.isSupported(columnMax)) {
            throw new SourceException("watermark_column '" + watermarkColumn + "' holds "
                    + columnMax.getClass().getSimpleName() + " values; use a timestamp, date or number column");
        }
        return columnMax;
    }

    /**
     * Rows hashed but not yet checked for duplicates, as many as the store wants to look up at once
     * ({@link PullState#lookupBatch()}): a few for an index in memory or mapped from a file, whose
     * cache misses then wait together rather than one after another, thousands for a store in a
     * database, where each lookup is a round trip.
     */
    private final class Chunk {
        private final int size;
        private final long[] keys;
        private final long[] fingerprints;
        /** Whether each row's watermark column is at or below the previous pull's: caught by the lookback if ingested. */
        private final boolean[] lates;
        private final long[] seenFingerprints;
        private final String[] sourceIds;
        private final String[] names;
        private final Map<String, Object>[] rows;
        private final LongToLongTable puts;
        private int count;

        private final String vertical;
        private final String entityType;
        private final int batchSize;
        private final PullInfo info;
        private final PullState state;
        private final Counters counters;
        private final SafeListener events;
        private List<IngestRecord> batch;
        /** Whether new source ids are recorded for deletion detection ({@link PullState#addSourceId}). */
        private final boolean recordSourceIds;

        @SuppressWarnings({"unchecked", "rawtypes"}) // an array of a generic type
        Chunk(Connector connector, PullInfo info, PullState state, Counters counters, SafeListener events) {
            this.size = Math.max(1, state.lookupBatch());
            this.keys = new long[size];
            this.fingerprints = new long[size];
            this.lates = new boolean[size];
            this.seenFingerprints = new long[size];
            this.sourceIds = new String[size];
            this.names = new String[size];
            this.rows = new Map[size];
            this.puts = new LongToLongTable(size);
            this.vertical = connector.definition().vertical();
            this.entityType = connector.definition().entityType();
            this.batchSize = connector.definition().batchSize();
            this.recordSourceIds = connector.definition().deletes().isPresent();
            this.info = info;
            this.state = state;
            this.counters = counters;
            this.events = events;
            this.batch = new ArrayList<>(batchSize);
        }

        void add(long key, long fingerprint, String sourceId, String name, Map<String, Object> row, boolean late) {
            lates[count] = late;
            keys[count] = key;
            fingerprints[count] = fingerprint;
            sourceIds[count] = sourceId;
            names[count] = name;
            rows[count] = row;
            if (++count == size) {
                dedup();
            }
        }

        /** Checks what is left and writes the last batch. */
        void finish() {
            dedup();
            if (!batch.isEmpty()) {
                write(info, batch, counters, events);
            }
        }

        /**
         * In row order: a row whose fingerprint matches what is stored for its key is a duplicate.
         * The lookups were made before any row of the chunk was put, so a later row with the key of
         * an earlier one sees that earlier put through {@link LongToLongTable}.
         */
        private void dedup() {
            if (count == 0) {
                return;
            }
            state.getAll(keys, count, MISSING, seenFingerprints);
            puts.clear();
            for (int i = 0; i < count; i++) {
                long seen = puts.get(keys[i], seenFingerprints[i]);
                Map<String, Object> row = rows[i];
                rows[i] = null;
                if (seen == fingerprints[i]) {
                    counters.duplicates++;
                    continue;
                }
                state.put(keys[i], fingerprints[i]);
                if (recordSourceIds && seen == MISSING) {
                    state.addSourceId(keys[i], sourceIds[i]);
                }
                puts.put(keys[i], fingerprints[i]);
                if (lates[i]) {
                    counters.lateRows++; // reported only for a completed pull, whose every batch was written
                }
                batch.add(new IngestRecord(sourceIds[i], names[i], vertical, entityType,
                        row instanceof Row ? row : Collections.unmodifiableMap(row)));
                if (batch.size() == batchSize) {
                    write(info, batch, counters, events);
                    batch = new ArrayList<>(batchSize);
                }
            }
            count = 0;
        }
    }

    private void write(PullInfo info, List<IngestRecord> batch, Counters counters, SafeListener events) {
        try {
            sink.write(info, batch);
        } catch (RuntimeException e) {
            throw SinkCalls.failure("rejected a batch", e);
        }
        counters.ingested += batch.size();
        counters.batches++;
        events.progress(info, counters.pulled, counters.ingested, counters.batches);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static final class Counters {
        long pulled;
        long ingested;
        long duplicates;
        long batches;
        /** Where the source says the next pull must re-read from; null: it cannot tell. */
        Instant sourceStart;
        /** The previous pull's watermark column value; null when late rows are not counted. */
        Object lateBoundary;
        long lateRows;
    }
}
