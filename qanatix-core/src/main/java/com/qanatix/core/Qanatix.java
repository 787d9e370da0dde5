package com.qanatix.core;

import com.qanatix.core.internal.ActivePulls;
import com.qanatix.core.internal.ProviderRegistry;
import com.qanatix.core.internal.PullRunner;
import com.qanatix.core.internal.ReconcileRunner;
import com.qanatix.core.internal.WatermarkValues;
import com.qanatix.core.internal.scheduler.PullScheduler;
import com.qanatix.core.internal.scheduler.SchedulerSettings;
import com.qanatix.core.internal.store.StoreBackend;
import com.qanatix.core.internal.store.StoredConnector;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.spi.QanatixException;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The SDK's entry point: a registry of connectors and the pulls that move their data into a sink.
 *
 * <pre>{@code
 * try (Qanatix qx = Qanatix.builder()
 *         .cipher(MultiFernet.fromEnvironment())
 *         .store(ConnectorStore.directory(Path.of("connectors")))
 *         .sink(new JsonLinesSink(Path.of("out.ndjson")))
 *         .build()) {
 *     Connector c = qx.connectors().create(ConnectorSpec.fromJson(body));
 *     PullResult result = qx.pull(c.id());
 * }
 * }</pre>
 *
 * Thread-safe: pulls of different connectors may run at once; a second pull of a connector that is
 * being pulled returns {@link PullStatus#ALREADY_RUNNING}.
 */
public final class Qanatix implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Qanatix.class);
    /** The environment variable that holds the Fernet keys: comma-separated, primary first. */
    public static final String KEY_VARIABLE = "CONNECTOR_ENCRYPTION_KEY";

    private final ConnectorStore store;
    private final StoreBackend backend;
    /** Whether the store is the default in-memory one, made for this instance (closed with it). */
    private final boolean ownsStore;
    private final ProviderRegistry providers;
    private final ConnectorRegistry connectors;
    private final PullRunner runner;
    private final ReconcileRunner reconciler;
    private final PullListener listener;
    private final ActivePulls active = new ActivePulls();
    private final PullScheduler scheduler;
    private final Duration grace;
    private final Runnable unreadableReports;
    private final Clock clock;
    private volatile boolean closed;

    private Qanatix(Builder b, ConnectorStore store, MultiFernet cipher, ProviderRegistry providers) {
        this.store = store;
        this.backend = store.backend();
        this.ownsStore = store != b.store;
        this.providers = providers;
        this.listener = b.listener;
        this.scheduler = new PullScheduler(backend, this::pull, b.listener, active, b.clock, b.schedulerSettings(),
                new Random());
        this.grace = b.schedulerSettings().grace();
        PullListener reportTo = b.listener;
        this.unreadableReports = backend.onUnreadableEntry((entry, problem) -> {
            try {
                reportTo.storeEntryUnreadable(entry, problem);
            } catch (RuntimeException e) {
                LOG.warn("listener failed on storeEntryUnreadable: {}", e.toString());
            }
        });
        this.connectors = new ConnectorRegistry(backend, providers, cipher, b.clock,
                c -> scheduler.put(c.id(), c.definition().schedule().map(Schedule::parse).orElse(null)),
                id -> scheduler.put(id, null));
        this.runner = new PullRunner(providers, backend, b.sink, cipher, b.clock, b.readAhead);
        this.reconciler = new ReconcileRunner(providers, backend, b.sink, cipher, b.clock, b.reconcileDirectory);
        this.clock = b.clock;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the connector registry */
    public ConnectorRegistry connectors() {
        return connectors;
    }

    /** @return the connector types this instance knows, sorted */
    public List<String> connectorTypes() {
        return providers.types();
    }

    /**
     * Pulls a connector now, on the calling thread.
     *
     * @param connectorId the connector
     * @return the result; {@code failed} results carry a redacted error
     * @throws ConnectorNotFoundException when no such connector exists
     */
    public PullResult pull(String connectorId) {
        return pull(connectorId, PullListener.NONE);
    }

    /**
     * Pulls a connector now, on the calling thread, with an extra listener for this pull.
     *
     * @param connectorId the connector
     * @param pullListener sees this pull's progress, after the builder's listener
     * @return the result
     * @throws ConnectorNotFoundException when no such connector exists
     */
    public PullResult pull(String connectorId, PullListener pullListener) {
        requireNonNull(pullListener, "pullListener is null");
        return whileHeld(connectorId, "pull", java.util.OptionalLong.empty(),
                stored -> runner.run(stored, Listeners.both(listener, pullListener), active));
    }

    /**
     * Runs a pull or reconciliation of a connector on the calling thread, holding the connector so
     * that no other runs at the same time ({@code already_running} when one does).
     */
    private PullResult whileHeld(String connectorId, String what, java.util.OptionalLong deletions,
                                 java.util.function.Function<StoredConnector, PullResult> work) {
        requireNonNull(connectorId, "connectorId is null");
        if (closed) {
            throw new QanatixException("this Qanatix instance is closed");
        }
        StoredConnector stored;
        try {
            stored = backend.find(connectorId).orElseThrow(() ->
                    new ConnectorNotFoundException("no connector with id " + connectorId));
        } catch (StoreException e) {
            // An entry the store cannot read: this connector's pull fails, the others are untouched.
            LOG.warn("{} of connector {} failed: {}", what, connectorId, e.getMessage());
            return new PullResult(PullStatus.FAILED, 0, 0, 0, 0, java.util.Optional.of(e.getMessage()), deletions);
        }
        if (!active.tryAcquire(connectorId)) {
            return PullResult.alreadyRunning();
        }
        if (closed) { // close() began after the check above: it may not have seen this pull
            active.release(connectorId);
            throw new QanatixException("this Qanatix instance is closed");
        }
        try {
            return work.apply(stored);
        } finally {
            active.release(connectorId);
        }
    }

    /**
     * Finds the source ids the connector ingested that its source no longer has, and reports them
     * to the sink as deletions ({@link RecordSink#delete}), on the calling thread. The connector
     * needs a {@code "deletes"} field ({@link DeletionDetection}): its keys query is streamed and
     * compared with the ids the connector's pulls recorded, in a temporary memory-mapped file, so
     * memory stays bounded at tens of millions of ids. The deleted ids leave the connector's
     * fingerprints once the sink committed, so a row that comes back is delivered as a new record.
     *
     * <p>Fails before reading anything when the sink does not {@link RecordSink#supportsDeletes()
     * take deletions}. Refused ({@link PullStatus#REFUSED}, nothing deleted) when the deletions
     * exceed {@link DeletionDetection#maxFraction()} of the recorded ids. A failed reconciliation
     * commits nothing. Never runs at the same time as a pull of the connector:
     * {@link PullStatus#ALREADY_RUNNING}.
     *
     * @param connectorId the connector
     * @return the result: {@code records_pulled} is the ids read, {@code deletions} the ids reported
     * @throws ConnectorNotFoundException when no such connector exists
     * @throws InvalidConfigException when the connector has no {@code deletes} field
     */
    public PullResult reconcile(String connectorId) {
        return reconcile(connectorId, PullListener.NONE);
    }

    /**
     * {@link #reconcile(String)} with an extra listener for this reconciliation.
     *
     * @param connectorId the connector
     * @param reconcileListener sees this reconciliation, after the builder's listener
     * @return the result
     * @throws ConnectorNotFoundException when no such connector exists
     * @throws InvalidConfigException when the connector has no {@code deletes} field
     */
    public PullResult reconcile(String connectorId, PullListener reconcileListener) {
        requireNonNull(reconcileListener, "reconcileListener is null");
        return whileHeld(connectorId, "reconciliation", java.util.OptionalLong.of(0), stored -> {
            DeletionDetection deletes = stored.connector().definition().deletes().orElseThrow(() -> new InvalidConfigException(
                    "connector " + connectorId + " has no deletes field, so its pulls record no source ids to "
                    + "compare; add \"deletes\": {\"query\": \"SELECT id FROM ...\"} (or {} for its own query)"));
            return reconciler.run(stored, deletes, Listeners.both(listener, reconcileListener), active);
        });
    }

    /**
     * Forgets the connector's watermark, fingerprints and recorded source ids, persisted, so that its
     * next pull reads and delivers every row again (after a mapping was fixed, or the target lost data).
     *
     * @param connectorId the connector
     * @throws ConnectorNotFoundException when no such connector exists
     * @throws ConnectorBusyException when a pull or reconciliation of it is running
     */
    public void resync(String connectorId) {
        StoredConnector stored = exclusive(connectorId, "resync");
        try {
            backend.resync(connectorId);
        } finally {
            active.release(connectorId);
        }
        LOG.info("connector {} ({}) resynced: its next pull delivers every row", connectorId,
                stored.connector().definition().name());
        try {
            listener.connectorResynced(connectorId);
        } catch (RuntimeException e) {
            LOG.warn("a PullListener threw {} on connectorResynced; ignored", e.getClass().getName());
        }
    }

    /**
     * Sets the watermark the connector's next pull starts from, persisted, for a backfill: that pull
     * binds {@code :last_pull} to {@code lastPull} minus the connector's lookback
     * ({@code watermark_lookback_seconds}, or {@code watermark_lookback} for a numeric
     * {@code watermark_column}), as after any pull. The fingerprints stay, so rows already ingested
     * unchanged are skipped; {@link #resync} to deliver them again.
     *
     * @param connectorId the connector
     * @param lastPull an {@link java.time.Instant} (or {@link java.time.OffsetDateTime}); for a connector
     *     with a {@code watermark_column}, a value of that column's kind: an {@code Instant},
     *     {@code LocalDateTime}, {@code LocalDate}, {@code Long}, {@code BigDecimal} or {@code String}
     * @return the watermark stored
     * @throws ConnectorNotFoundException when no such connector exists
     * @throws ConnectorBusyException when a pull or reconciliation of it is running
     * @throws InvalidConfigException when the value does not fit the connector's watermark
     */
    public Watermark resetWatermark(String connectorId, Object lastPull) {
        requireNonNull(lastPull, "lastPull is null");
        Object value = lastPull instanceof java.time.OffsetDateTime o ? o.toInstant()
                : lastPull instanceof java.time.ZonedDateTime z ? z.toInstant()
                : lastPull instanceof Integer i ? Long.valueOf(i) : lastPull;
        StoredConnector stored = exclusive(connectorId, "set the watermark of");
        Watermark watermark;
        try {
            Connector connector = stored.connector();
            if (connector.definition().watermarkColumn().isPresent()) {
                if (!WatermarkValues.isSupported(value)) {
                    throw new InvalidConfigException("the watermark of connector " + connectorId + " is a value of "
                            + "its watermark_column '" + connector.definition().watermarkColumn().get() + "': an Instant, "
                            + "LocalDateTime, LocalDate, Long, BigDecimal or String, not "
                            + value.getClass().getSimpleName());
                }
                watermark = new Watermark(value instanceof java.time.Instant at ? at : clock.instant(),
                        java.util.Optional.of(value));
            } else {
                if (!(value instanceof java.time.Instant at)) {
                    throw new InvalidConfigException("connector " + connectorId + " has no watermark_column, so its "
                            + "watermark is an instant (Instant or OffsetDateTime), not "
                            + value.getClass().getSimpleName());
                }
                watermark = new Watermark(at, java.util.Optional.empty());
            }
            backend.resetWatermark(connectorId, watermark);
        } finally {
            active.release(connectorId);
        }
        LOG.info("connector {} ({}): watermark set to {}", connectorId, stored.connector().definition().name(), watermark);
        try {
            listener.watermarkReset(connectorId, watermark);
        } catch (RuntimeException e) {
            LOG.warn("a PullListener threw {} on watermarkReset; ignored", e.getClass().getName());
        }
        return watermark;
    }

    /** Finds a connector and holds it against pulls; the caller releases it. */
    private StoredConnector exclusive(String connectorId, String what) {
        requireNonNull(connectorId, "connectorId is null");
        if (closed) {
            throw new QanatixException("this Qanatix instance is closed");
        }
        StoredConnector stored = backend.find(connectorId).orElseThrow(() ->
                new ConnectorNotFoundException("no connector with id " + connectorId));
        if (!active.tryAcquire(connectorId)) {
            throw new ConnectorBusyException("cannot " + what + " connector " + connectorId + ": a pull or "
                    + "reconciliation of it is running; retry once it has ended");
        }
        return stored;
    }

    /**
     * What the last successful pull of a connector left behind: when it started by the source's
     * clock where the source tells it, or the start of the oldest transaction then open on the
     * source if earlier (the instant the next pull re-reads from, before the lookback), and the
     * {@code watermark_column} value the next pull re-reads from (see {@link Watermark}).
     *
     * @param connectorId the connector
     * @return its watermark; empty before its first successful pull
     * @throws ConnectorNotFoundException when no such connector exists
     */
    public java.util.Optional<Watermark> watermark(String connectorId) {
        requireNonNull(connectorId, "connectorId is null");
        if (backend.find(connectorId).isEmpty()) {
            throw new ConnectorNotFoundException("no connector with id " + connectorId);
        }
        return backend.watermark(connectorId);
    }

    /**
     * Starts pulling connectors on their schedules, on a bounded pool of worker threads. Several
     * instances may share a {@link ConnectorStore#jdbc JDBC store}: each due run then happens on one
     * of them only.
     */
    public void startScheduler() {
        if (closed) {
            throw new QanatixException("this Qanatix instance is closed");
        }
        scheduler.refresh();
        scheduler.start();
    }

    /**
     * Schedules a connector (replacing its schedule), persisted with the connector.
     *
     * @param connectorId the connector
     * @param schedule when to pull it
     * @return the updated connector
     */
    public Connector schedule(String connectorId, Schedule schedule) {
        return connectors.reschedule(requireNonNull(connectorId, "connectorId is null"),
                requireNonNull(schedule, "schedule is null"));
    }

    /**
     * Stops pulling a connector on a schedule; on-demand pulls still work.
     *
     * @param connectorId the connector
     * @return the updated connector
     */
    public Connector unschedule(String connectorId) {
        return connectors.reschedule(requireNonNull(connectorId, "connectorId is null"), null);
    }

    /** @return the scheduler, for tests in this package */
    PullScheduler scheduler() {
        return scheduler;
    }

    /**
     * Stops: no new pulls start (manual or scheduled); pulls still running, manual and scheduled,
     * get the grace period ({@link Builder#schedulerGracePeriod}, default 30 s) to finish. Past it
     * they are aborted: their sources are closed, none calls the sink's commit, each fails and
     * commits nothing (the sink gets {@code abort}). Returns once every pull has ended, or 10 s after
     * the grace period if a sink call still blocks. A store and sink the host gave stay open; the
     * default in-memory store is closed, giving its fingerprint indexes' memory back.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        scheduler.close(); // waits for scheduled pulls within the same grace period, then aborts them
        if (!active.awaitNone(deadline)) {
            LOG.warn("closing: {} pulls still running after the {} grace period; aborting them", active.count(),
                    grace);
            active.closeAllSources();
            if (!active.awaitNone(System.nanoTime() + Duration.ofSeconds(10).toNanos())) {
                LOG.warn("closing: {} aborted pulls have not ended (a sink call blocks?); they will fail without "
                        + "committing", active.count());
            }
        }
        unreadableReports.run();
        if (ownsStore) {
            store.close();
        }
    }

    /** Builder for {@link Qanatix}. */
    public static final class Builder {
        private MultiFernet cipher;
        private boolean ephemeralDevKey;
        private ConnectorStore store;
        private RecordSink sink;
        private final List<ConnectorProvider> explicitProviders = new ArrayList<>();
        private boolean discoverProviders = true;
        private ClassLoader classLoader;
        private PullListener listener = PullListener.NONE;
        private Clock clock = Clock.systemUTC();
        /** Null: each connector type's {@code ConnectorProvider.readAhead()} decides. */
        private Boolean readAhead;
        private String instanceId = "qanatix-" + UUID.randomUUID().toString().substring(0, 8);
        private int schedulerWorkers = 4;
        private Duration schedulerTick = Duration.ofSeconds(1);
        private Duration schedulerRefresh = Duration.ofSeconds(30);
        private Duration schedulerLease = Duration.ofSeconds(60);
        private Duration schedulerGrace = Duration.ofSeconds(30);
        private Duration backoffBase = Duration.ofSeconds(30);
        private Duration backoffCap = Duration.ofHours(1);
        private java.nio.file.Path reconcileDirectory = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));

        private Builder() {
        }

        SchedulerSettings schedulerSettings() {
            return new SchedulerSettings(instanceId, schedulerWorkers, schedulerTick, schedulerRefresh, schedulerLease,
                    schedulerGrace, backoffBase, backoffCap);
        }

        /**
         * @param id this host instance's name in scheduling leases (default: random)
         * @return this
         */
        public Builder instanceId(String id) {
            this.instanceId = requireNonNull(id, "id is null");
            return this;
        }

        /**
         * @param workers scheduled pulls that may run at once (default 4)
         * @return this
         */
        public Builder schedulerWorkers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be positive, was " + workers);
            }
            this.schedulerWorkers = workers;
            return this;
        }

        /**
         * @param grace how long running pulls, manual and scheduled, may finish on close (default 30 s)
         * @return this
         */
        public Builder schedulerGracePeriod(Duration grace) {
            this.schedulerGrace = nonNegative(grace, "grace");
            return this;
        }

        /**
         * @param tick how often due connectors are looked for (default 1 s)
         * @param refresh how often the store is re-read for changes made elsewhere (default 30 s)
         * @return this
         */
        public Builder schedulerTiming(Duration tick, Duration refresh) {
            this.schedulerTick = nonNegative(tick, "tick");
            this.schedulerRefresh = nonNegative(refresh, "refresh");
            return this;
        }

        /**
         * @param lease how long a claimed run stays owned without renewal (default 60 s)
         * @return this
         */
        public Builder schedulerLease(Duration lease) {
            this.schedulerLease = nonNegative(lease, "lease");
            return this;
        }

        /**
         * @param base first retry delay after a failed scheduled pull (default 30 s)
         * @param cap longest retry delay (default 1 h)
         * @return this
         */
        public Builder schedulerBackoff(Duration base, Duration cap) {
            this.backoffBase = nonNegative(base, "base");
            this.backoffCap = nonNegative(cap, "cap");
            return this;
        }

        private static Duration nonNegative(Duration d, String name) {
            requireNonNull(d, name + " is null");
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + d);
            }
            return d;
        }

        /**
         * @param cipher the keys credentials are encrypted with; by default read from
         *     {@code CONNECTOR_ENCRYPTION_KEY}
         * @return this
         */
        public Builder cipher(MultiFernet cipher) {
            this.cipher = requireNonNull(cipher, "cipher is null");
            return this;
        }

        /**
         * Uses a random key that lives only in this process, when {@code CONNECTOR_ENCRYPTION_KEY} is
         * not set: for demos and tests only. Credentials stored with it cannot be decrypted after a
         * restart. Logged as a warning.
         *
         * @return this
         */
        public Builder ephemeralDevKey() {
            this.ephemeralDevKey = true;
            return this;
        }

        /**
         * @param store where connectors and state live (default: in memory)
         * @return this
         */
        public Builder store(ConnectorStore store) {
            this.store = requireNonNull(store, "store is null");
            return this;
        }

        /**
         * @param sink where records go (required)
         * @return this
         */
        public Builder sink(RecordSink sink) {
            this.sink = requireNonNull(sink, "sink is null");
            return this;
        }

        /**
         * @param provider a connector type to register explicitly
         * @return this
         */
        public Builder provider(ConnectorProvider provider) {
            explicitProviders.add(requireNonNull(provider, "provider is null"));
            return this;
        }

        /**
         * @param discover whether to find providers with {@link java.util.ServiceLoader} (default true)
         * @return this
         */
        public Builder discoverProviders(boolean discover) {
            this.discoverProviders = discover;
            return this;
        }

        /**
         * @param loader the class loader to discover providers with
         * @return this
         */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = requireNonNull(loader, "loader is null");
            return this;
        }

        /**
         * @param listener sees every pull
         * @return this
         */
        public Builder listener(PullListener listener) {
            this.listener = requireNonNull(listener, "listener is null");
            return this;
        }

        /**
         * Whether each pull reads its source on a thread of its own, up to a batch of rows (and
         * a chunk of 1,024) ahead, so the server producing the next cursor batch and the driver decoding it overlap
         * with dedup and the sink. Unless set here, each connector type decides
         * ({@link com.qanatix.core.spi.ConnectorProvider#readAhead()}): the bundled {@code postgresql},
         * {@code mysql} and {@code jdbc} types read ahead, MongoDB and Neo4j do not (their reading
         * thread would compete with the server for the cores); see BENCHMARKS.md. Set it to false
         * where threads are scarce, to true to try it for a plugin's type.
         *
         * @param readAhead whether to read ahead, for every connector type
         * @return this
         */
        public Builder readAhead(boolean readAhead) {
            this.readAhead = readAhead;
            return this;
        }

        /**
         * @param directory where a reconciliation keeps its temporary file of source id hashes (about
         *     12 to 24 bytes an id, memory-mapped, deleted when it ends); default {@code java.io.tmpdir}
         * @return this
         */
        public Builder reconcileDirectory(java.nio.file.Path directory) {
            this.reconcileDirectory = requireNonNull(directory, "directory is null");
            return this;
        }

        /**
         * @param clock the time source (for tests)
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        /**
         * @return the instance
         * @throws InvalidConfigException when no key or sink is configured
         * @throws QanatixException when two providers claim one connector type
         */
        public Qanatix build() {
            if (sink == null) {
                throw new InvalidConfigException("a RecordSink is required: builder.sink(...)");
            }
            MultiFernet effective = cipher;
            if (effective == null) {
                String env = System.getenv(KEY_VARIABLE);
                if (env != null) {
                    effective = MultiFernet.fromEnvironment();
                } else if (ephemeralDevKey) {
                    LOG.warn("*** USING AN EPHEMERAL DEV ENCRYPTION KEY *** {} is not set, so connector "
                            + "credentials are encrypted with a random key that dies with this process. Never do "
                            + "this in production: set {} (generate one with FernetKey.generate().encoded()).",
                            KEY_VARIABLE, KEY_VARIABLE);
                    effective = MultiFernet.of(FernetKey.generate());
                } else {
                    throw new InvalidConfigException("no encryption key for connector credentials: set "
                            + KEY_VARIABLE + " (comma-separated Fernet keys, primary first), "
                            + "or pass builder.cipher(...); for local development only, builder.ephemeralDevKey()");
                }
            }
            ClassLoader loader = classLoader != null ? classLoader : Qanatix.class.getClassLoader();
            ProviderRegistry providers = ProviderRegistry.create(explicitProviders, discoverProviders, loader);
            return new Qanatix(this, store != null ? store : ConnectorStore.inMemory(), effective, providers);
        }
    }
}
