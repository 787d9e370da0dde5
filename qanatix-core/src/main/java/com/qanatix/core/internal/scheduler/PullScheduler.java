package com.qanatix.core.internal.scheduler;

import com.qanatix.core.Connector;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Schedule;
import com.qanatix.core.internal.store.ScheduleLeases;
import com.qanatix.core.internal.store.StoreBackend;
import com.qanatix.core.internal.store.StoredConnector;
import com.qanatix.core.internal.ActivePulls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Runs connectors on their schedules with a bounded pool of workers.
 *
 * <p>Each {@link #tick(Instant)} finds the connectors that are due, earliest first, and hands them to
 * the pool. A connector still being pulled is skipped and counted, never run twice at once. A run
 * that was missed (the host slept, the pool was busy) runs once, then the next run is computed from
 * now. A failing connector is retried after an exponential backoff (capped) and recovers by itself;
 * other connectors keep their own times. With {@link ScheduleLeases} from the store, each due run is
 * claimed by one instance only, under a lease renewed every tick while the pull runs.
 */
public final class PullScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PullScheduler.class);

    private final StoreBackend store;
    private final Function<String, PullResult> puller;
    private final PullListener listener;
    private final ActivePulls active;
    private final Clock clock;
    private final SchedulerSettings settings;
    private final Optional<ScheduleLeases> leases;
    private final RandomGenerator random;
    private final Map<String, ScheduledConnector> scheduled = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor workers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private volatile ScheduledExecutorService ticker;
    private volatile Instant lastRefresh = Instant.MIN;
    private volatile boolean closed;

    /**
     * @param store where connectors (and maybe leases) live
     * @param puller runs one pull of a connector
     * @param listener receives scheduling events
     * @param active the instance's running pulls, to abort on shutdown
     * @param clock the time source
     * @param settings how to run
     * @param random jitter source
     */
    public PullScheduler(StoreBackend store, Function<String, PullResult> puller, PullListener listener,
                         ActivePulls active, Clock clock, SchedulerSettings settings, RandomGenerator random) {
        this.store = store;
        this.puller = puller;
        this.listener = listener;
        this.active = active;
        this.clock = clock;
        this.settings = settings;
        this.leases = store.scheduleLeases();
        this.random = random;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "qanatix-pull-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Starts ticking on a thread of its own, every {@link SchedulerSettings#tick()}. */
    public synchronized void start() {
        if (ticker != null || closed) {
            return;
        }
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "qanatix-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, settings.tick().toMillis());
        t.scheduleAtFixedRate(() -> {
            try {
                tick(clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("scheduler tick failed: {}; retrying next tick", e.toString());
            }
        }, 0, period, TimeUnit.MILLISECONDS);
        ticker = t;
        LOG.info("scheduler started on instance {} with {} workers, tick {}", settings.instanceId(),
                settings.workers(), settings.tick());
    }

    /**
     * Adds, changes or (with null) removes a connector's schedule.
     *
     * @param connectorId the connector
     * @param schedule its schedule, or null to stop scheduling it
     */
    public void put(String connectorId, Schedule schedule) {
        if (schedule == null) {
            scheduled.remove(connectorId);
            return;
        }
        ScheduledConnector existing = scheduled.get(connectorId);
        if (existing != null && existing.schedule.equals(schedule)) {
            return;
        }
        Instant next = schedule.nextAfter(clock.instant(), random).orElse(Instant.MAX);
        scheduled.put(connectorId, new ScheduledConnector(connectorId, schedule, next));
        listener.nextRunScheduled(connectorId, next, 0);
    }

    /** Re-reads the store: connectors created, rescheduled or deleted by this or another instance. */
    public void refresh() {
        Set<String> seen = new HashSet<>();
        for (StoredConnector stored : store.list()) {
            Connector c = stored.connector();
            Optional<String> schedule = c.definition().schedule();
            if (schedule.isPresent()) {
                seen.add(c.id());
                put(c.id(), Schedule.parse(schedule.get()));
            }
        }
        scheduled.keySet().removeIf(id -> !seen.contains(id));
        lastRefresh = clock.instant();
    }

    /**
     * Starts the runs that are due at {@code now}, earliest due first.
     *
     * @param now the current time
     */
    public void tick(Instant now) {
        if (closed) {
            return;
        }
        if (Duration.between(lastRefresh, now).compareTo(settings.refresh()) >= 0 || lastRefresh == Instant.MIN) {
            refresh();
        }
        Duration lease = settings.lease();
        List<ScheduledConnector> due = new ArrayList<>();
        for (ScheduledConnector s : scheduled.values()) {
            if (s.running) {
                leases.ifPresent(l -> l.renew(s.id, settings.instanceId(), lease));
                if (!s.nextRun.isAfter(now)) {
                    s.nextRun = s.schedule.nextAfter(now, random).orElse(Instant.MAX);
                    skipped.incrementAndGet();
                    listener.scheduledRunSkipped(s.id, "still pulling", s.nextRun);
                    LOG.info("scheduled run of connector {} skipped: the previous pull is still running", s.id);
                }
            } else if (!s.nextRun.isAfter(now)) {
                due.add(s);
            }
        }
        due.sort(Comparator.comparing((ScheduledConnector s) -> s.nextRun));
        for (ScheduledConnector s : due) {
            if (leases.isPresent() && !leases.get().tryClaim(s.id, settings.instanceId(), s.nextRun, now, lease)) {
                Instant shared = leases.get().nextRunAt(s.id).filter(t -> t.isAfter(now))
                        .orElse(now.plus(settings.tick()));
                s.nextRun = shared;
                continue;
            }
            s.running = true;
            inFlight.incrementAndGet();
            try {
                workers.execute(() -> run(s));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                s.running = false;
                inFlight.decrementAndGet();
                leases.ifPresent(l -> l.release(s.id, settings.instanceId(), s.nextRun));
            }
        }
    }

    private void run(ScheduledConnector s) {
        if (closed) {
            // Queued before shutdown: do not start it.
            leases.ifPresent(l -> l.release(s.id, settings.instanceId(), s.nextRun));
            s.running = false;
            inFlight.decrementAndGet();
            return;
        }
        PullResult result = null;
        try {
            runs.incrementAndGet();
            result = puller.apply(s.id);
        } catch (RuntimeException e) {
            LOG.warn("scheduled pull of connector {} could not run: {}", s.id, e.toString());
        } finally {
            Instant now = clock.instant();
            Instant next;
            if (result != null && result.status() == PullStatus.COMPLETED) {
                s.failures = 0;
                next = s.schedule.nextAfter(now, random).orElse(Instant.MAX);
            } else if (result != null && result.status() == PullStatus.ALREADY_RUNNING) {
                skipped.incrementAndGet();
                next = s.schedule.nextAfter(now, random).orElse(Instant.MAX);
                listener.scheduledRunSkipped(s.id, "a pull started elsewhere in this instance is running", next);
            } else {
                s.failures++;
                Instant backoff = now.plus(backoff(s.failures));
                Instant regular = s.schedule.nextAfter(now, random).orElse(Instant.MAX);
                next = backoff.isAfter(regular) ? backoff : regular;
                LOG.warn("scheduled pull of connector {} failed ({} in a row); next try at {}", s.id, s.failures, next);
            }
            s.nextRun = next;
            Instant released = next;
            leases.ifPresent(l -> l.release(s.id, settings.instanceId(), released));
            s.running = false;
            inFlight.decrementAndGet();
            listener.nextRunScheduled(s.id, next, s.failures);
        }
    }

    private Duration backoff(int failures) {
        Duration d = settings.backoffBase();
        for (int i = 1; i < failures && d.compareTo(settings.backoffCap()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(settings.backoffCap()) > 0 ? settings.backoffCap() : d;
    }

    /**
     * Waits until no scheduled pull is running or queued (for tests and orderly hand-over).
     *
     * @param timeout the longest wait
     * @return whether it became idle
     */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * @param connectorId a connector
     * @return its next due time, if scheduled
     */
    public Optional<Instant> nextRun(String connectorId) {
        return Optional.ofNullable(scheduled.get(connectorId)).map(s -> s.nextRun);
    }

    /**
     * @param connectorId a connector
     * @return its consecutive failures, if scheduled
     */
    public int failures(String connectorId) {
        ScheduledConnector s = scheduled.get(connectorId);
        return s == null ? 0 : s.failures;
    }

    /** @return runs skipped because the connector was still pulling */
    public long skippedRuns() {
        return skipped.get();
    }

    /** @return scheduled runs started */
    public long startedRuns() {
        return runs.get();
    }

    /** @return how many connectors are scheduled */
    public int size() {
        return scheduled.size();
    }

    /**
     * Stops: no new runs start; running pulls get the grace period, then their sources are closed
     * (those pulls fail and commit nothing).
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ExecutorService t = ticker;
        if (t != null) {
            t.shutdownNow();
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(settings.grace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("scheduler shutdown: {} pulls still running after the {} grace period; closing their sources",
                        active.count(), settings.grace());
                active.closeAllSources();
                workers.shutdownNow();
                workers.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            active.closeAllSources();
            workers.shutdownNow();
        }
        LOG.info("scheduler stopped on instance {}", settings.instanceId());
    }

    /** The scheduling state of one connector. */
    private static final class ScheduledConnector {
        final String id;
        final Schedule schedule;
        volatile Instant nextRun;
        volatile boolean running;
        volatile int failures;

        ScheduledConnector(String id, Schedule schedule, Instant nextRun) {
            this.id = id;
            this.schedule = schedule;
            this.nextRun = nextRun;
        }
    }
}
