package com.qanatix.core.internal;

import com.qanatix.core.Connector;
import com.qanatix.core.DeletionDetection;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.RecordSink;
import com.qanatix.core.SinkException;
import com.qanatix.core.StoreException;
import com.qanatix.core.Watermark;
import com.qanatix.core.internal.store.MarkedKeySet;
import com.qanatix.core.internal.store.PullState;
import com.qanatix.core.internal.store.StoreBackend;
import com.qanatix.core.internal.store.StoredConnector;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;
import com.qanatix.core.spi.SourceException;
import com.qanatix.crypto.MultiFernet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Runs one reconciliation of one connector: finds the source ids it ingested that its source no
 * longer has, reports them to the sink as deletions, and forgets them.
 *
 * <ol>
 *   <li>Loads the connector's recorded source ids into a {@link MarkedKeySet} (a memory-mapped
 *   temporary file: neither heap nor direct memory grows with the connector), marked recorded.</li>
 *   <li>Streams the keys query; each id read marks its hash seen. An id the connector's fingerprints
 *   hold but its recorded ids do not (ingested before deletion detection was on) is recorded now.</li>
 *   <li>The hashes still marked recorded are the deletions. Above {@code deletes.max_fraction} of the
 *   recorded ids it stops: {@link PullStatus#REFUSED}, nothing deleted, nothing committed.</li>
 *   <li>Streams the recorded ids again and hands those of the deletions to
 *   {@link RecordSink#delete} in batches, then {@link RecordSink#commit}; only then the store forgets
 *   their fingerprints and ids, in one commit with the new ids of step 2.</li>
 * </ol>
 *
 * <p>Never throws for a failing source, sink or store: the result says {@code failed} and nothing is
 * committed. The caller guarantees that no pull or other reconciliation of the connector runs at the
 * same time.
 */
public final class ReconcileRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileRunner.class);
    private static final long MISSING = 0L;
    private static final byte RECORDED = 1;
    private static final byte SEEN = 2;
    private static final byte DELETED = 3;

    private final ProviderRegistry providers;
    private final StoreBackend store;
    private final RecordSink sink;
    private final MultiFernet cipher;
    private final Clock clock;
    private final Path tempDir;

    /**
     * @param providers connector types
     * @param store where state lives
     * @param sink where deletions go
     * @param cipher decrypts configurations
     * @param clock the host's clock, for the reconciliation's start
     * @param tempDir where the temporary file of hashes goes
     */
    public ReconcileRunner(ProviderRegistry providers, StoreBackend store, RecordSink sink, MultiFernet cipher,
                           Clock clock, Path tempDir) {
        this.providers = requireNonNull(providers, "providers is null");
        this.store = requireNonNull(store, "store is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.cipher = requireNonNull(cipher, "cipher is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.tempDir = requireNonNull(tempDir, "tempDir is null");
    }

    /**
     * @param stored the connector
     * @param deletes its deletion detection
     * @param listener observes the reconciliation
     * @param active the running pulls, so that a shutdown can close the keys query's source; may be null
     * @return the result, with {@code deletions}
     */
    public PullResult run(StoredConnector stored, DeletionDetection deletes, PullListener listener, ActivePulls active) {
        Connector connector = stored.connector();
        long t0 = System.nanoTime();
        PullInfo info = new PullInfo(UUID.randomUUID(), connector.id(), connector.definition().name(), clock.instant());
        SafeListener events = new SafeListener(listener);
        events.reconcileStarted(info);
        SecretRedactor redactor = SecretRedactor.generic();
        Counters counters = new Counters();
        boolean sinkCommitted = false;
        PullResult result;
        try {
            if (!sink.supportsDeletes()) {
                throw new SinkException("the sink " + sink.getClass().getName() + " takes no deletions (it does not "
                        + "override RecordSink.supportsDeletes() and delete(...)); nothing was read or deleted. "
                        + "Give the Qanatix instance a sink that does, or remove the connector's deletes field");
            }
            ConnectorProvider provider = providers.require(connector.definition().connectorType());
            Map<String, Object> config = ConnectorCredentials.decrypt(cipher, stored);
            redactor = SecretRedactor.forConfig(config, SecretKeys.of(provider));
            Optional<Watermark> watermark = store.watermark(connector.id());
            PullContext context = PullContext.builder()
                    .connectorId(connector.id())
                    .config(ConnectorConfig.of(config))
                    .query(deletes.query().orElse(connector.definition().query()))
                    .parameter(PullContext.LAST_PULL, firstLastPull(connector))
                    .batchSize(connector.definition().batchSize())
                    .build();
            long expected = Math.max(store.sourceIdCount(connector.id()), store.fingerprintCount(connector.id()));
            try (PullState state = store.beginPullWithSourceIds(connector.id());
                 MarkedKeySet keys = MarkedKeySet.create(tempDir, expected)) {
                store.forEachSourceId(connector.id(), (keyHash, sourceId) -> keys.add(keyHash, RECORDED));
                long recorded = keys.size();
                readKeys(provider, context, connector, info, state, keys, counters, active);
                long missing = keys.count(RECORDED);
                counters.deletions = missing;
                if (missing > 0 && missing > deletes.maxFraction() * recorded) {
                    throw new Refused(missing, recorded, deletes.maxFraction());
                }
                if (missing > 0) {
                    report(connector, info, keys);
                    state.removeSourceIds(keys.withMark(DELETED));
                }
                if (active != null && active.aborting()) {
                    throw new SourceException("the Qanatix instance was closed and its grace period ran out before "
                            + "this reconciliation could commit; nothing was deleted");
                }
                SinkCalls.commit(sink, info);
                sinkCommitted = true;
                if ((missing > 0 || counters.captured > 0) && watermark.isPresent()) {
                    try {
                        state.commit(watermark.get());
                    } catch (RuntimeException e) {
                        throw new StoreException("the sink committed the deletions but the store could not forget "
                                + "them (" + redactor.describe(e) + "); the next reconciliation reports them again", e);
                    }
                }
            }
            result = new PullResult(PullStatus.COMPLETED, counters.pulled, 0, 0, seconds(t0), Optional.empty(),
                    OptionalLong.of(counters.deletions));
            LOG.info("reconciliation of connector {} ({}) completed: {} ids read, {} deletions, {} ids recorded "
                            + "that were ingested before deletion detection, in {} s", connector.id(), connector.definition().name(),
                    counters.pulled, counters.deletions, counters.captured, String.format("%.3f", result.durationSeconds()));
        } catch (Refused refused) {
            SinkCalls.abort(sink, info, refused.getMessage(), redactor);
            result = new PullResult(PullStatus.REFUSED, counters.pulled, 0, 0, seconds(t0),
                    Optional.of(refused.getMessage()), OptionalLong.of(refused.deletions));
            LOG.warn("reconciliation of connector {} ({}) refused: {}", connector.id(), connector.definition().name(),
                    refused.getMessage());
        } catch (RuntimeException | Error e) {
            String message = SinkCalls.failed(e, sink, info, sinkCommitted, redactor);
            result = new PullResult(PullStatus.FAILED, counters.pulled, 0, 0, seconds(t0), Optional.of(message),
                    OptionalLong.of(0));
            LOG.warn("reconciliation of connector {} ({}) failed after {} ids; {}: {}", connector.id(),
                    connector.definition().name(), counters.pulled, sinkCommitted ? "the sink committed, the store did not"
                            : "nothing committed", message);
        }
        events.reconcileFinished(info, result);
        return result;
    }

    /** Streams the keys query into the set: marks recorded ids seen, records ids ingested before. */
    private void readKeys(ConnectorProvider provider, PullContext context, Connector connector, PullInfo info,
                          PullState state, MarkedKeySet keys, Counters counters, ActivePulls active) {
        Fingerprinter fingerprinter = new Fingerprinter();
        Unrecorded unrecorded = new Unrecorded(Math.max(1, state.lookupBatch()));
        RecordSource source = provider.open(context);
        try (RegisteredSource registered = new RegisteredSource(source, active, info, "the keys query")) {
            RecordSource rows = registered.source();
            String column = null;
            RowColumn value = null;
            while (rows.hasNext()) {
                Map<String, Object> row = rows.next();
                counters.pulled++;
                if (column == null) {
                    column = ResultColumns.sourceIdColumn(connector, provider, row);
                    value = new RowColumn(column);
                }
                String sourceId = ResultColumns.sourceId(value.in(row), column, counters.pulled);
                long keyHash = fingerprinter.keyHash(sourceId);
                if (keys.replace(keyHash, RECORDED, SEEN) == MarkedKeySet.ABSENT) {
                    unrecorded.add(keyHash, sourceId, state, keys, counters);
                }
            }
            unrecorded.flush(state, keys, counters);
        }
    }

    /**
     * Ids the keys query returned that are not recorded, gathered for one lookup in the connector's
     * fingerprints: those it holds were ingested before deletion detection was on, and are recorded
     * now; the others are rows no pull has ingested yet.
     */
    private static final class Unrecorded {
        private final long[] keyHashes;
        private final String[] sourceIds;
        private final long[] fingerprints;
        private int count;

        Unrecorded(int size) {
            keyHashes = new long[size];
            sourceIds = new String[size];
            fingerprints = new long[size];
        }

        void add(long keyHash, String sourceId, PullState state, MarkedKeySet keys, Counters counters) {
            keyHashes[count] = keyHash;
            sourceIds[count++] = sourceId;
            if (count == keyHashes.length) {
                flush(state, keys, counters);
            }
        }

        void flush(PullState state, MarkedKeySet keys, Counters counters) {
            if (count == 0) {
                return;
            }
            state.getAll(keyHashes, count, MISSING, fingerprints);
            for (int i = 0; i < count; i++) {
                if (fingerprints[i] != MISSING && keys.add(keyHashes[i], SEEN)) {
                    state.addSourceId(keyHashes[i], sourceIds[i]);
                    counters.captured++;
                }
                sourceIds[i] = null;
            }
            count = 0;
        }
    }

    /** Hands the ids still marked recorded to the sink, in batches, and marks them deleted. */
    private void report(Connector connector, PullInfo info, MarkedKeySet keys) {
        int batchSize = connector.definition().batchSize();
        List<String> batch = new ArrayList<>(Math.min(batchSize, 10_000));
        store.forEachSourceId(connector.id(), (keyHash, sourceId) -> {
            if (keys.replace(keyHash, RECORDED, DELETED) == RECORDED) {
                batch.add(sourceId);
                if (batch.size() == batchSize) {
                    delete(info, connector, batch);
                    batch.clear();
                }
            }
        });
        if (!batch.isEmpty()) {
            delete(info, connector, batch);
        }
    }

    private void delete(PullInfo info, Connector connector, List<String> batch) {
        try {
            sink.delete(info, connector.definition().vertical(), connector.definition().entityType(), batch);
        } catch (RuntimeException e) {
            throw SinkCalls.failure("rejected a batch of deletions", e);
        }
    }

    /**
     * {@code :last_pull} for the keys query: the value a connector's first pull binds, so that the
     * connector's own query (the default keys query) returns every row.
     */
    private static Object firstLastPull(Connector connector) {
        if (connector.definition().watermarkColumn().isPresent()) {
            return connector.definition().watermarkStart().map(WatermarkValues::parseStart).orElse(Instant.EPOCH);
        }
        return Instant.EPOCH;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The mass-delete guard stopped the reconciliation. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long deletions;

        Refused(long deletions, long recorded, double maxFraction) {
            super("the keys query lacks " + deletions + " of the " + recorded + " recorded source ids, more than "
                    + "deletes.max_fraction (" + maxFraction + ") allows; nothing was deleted. If the keys query is "
                    + "right, raise deletes.max_fraction for one reconciliation; if it returned too little, fix it",
                    null, false, false);
            this.deletions = deletions;
        }
    }

    private static final class Counters {
        long pulled;
        long deletions;
        long captured;
    }
}
