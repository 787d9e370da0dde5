package com.qanatix.micrometer;

import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorDefinition;
import com.qanatix.core.ConnectorRegistry;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Records pulls as Micrometer meters. Give it to the builder as a listener, then tell it where
 * connector types are looked up:
 *
 * <pre>{@code
 * QanatixMetrics metrics = QanatixMetrics.builder(meterRegistry).build();
 * Qanatix qx = Qanatix.builder().listener(metrics)...build();
 * metrics.connectorsFrom(qx.connectors());
 * }</pre>
 *
 * <p>Meters (every one tagged {@code connector} and {@code type}; those that count outcomes also
 * {@code status}, {@code completed} or {@code failed}):
 * <ul>
 *   <li>{@value #PULLS} (counter): pulls that ended;</li>
 *   <li>{@value #PULL_DURATION} (timer): their wall time, with the percentiles and histogram the
 *       builder (or a {@code MeterFilter}) configures;</li>
 *   <li>{@value #RECORDS_PULLED}, {@value #RECORDS_INGESTED}, {@value #DUPLICATES_SKIPPED} (counters):
 *       the result's counts; a failed pull's ingested records were not committed and come again;</li>
 *   <li>{@value #LATE_ROWS} (counter): rows of completed pulls that only the watermark lookback
 *       caught (committed late, or stamped in the past); above zero, the lookback is doing work;</li>
 *   <li>{@value #RUNS_SKIPPED} (counter): scheduled runs that did not start because the connector was
 *       still being pulled or another instance owned the run;</li>
 *   <li>{@value #CONSECUTIVE_FAILURES} (gauge): the scheduler's count of failed runs in a row;</li>
 *   <li>{@value #PULLS_ACTIVE} (gauge): pulls running now;</li>
 *   <li>{@value #WATERMARK_LAG} (time gauge, seconds): now minus the start of the connector's last
 *       completed pull seen by this instance, registered once such a pull completed.</li>
 * </ul>
 *
 * <p>The {@code connector} tag is the connector's name (or its id, see
 * {@link Builder#connectorTag}); connectors that share a name share meters. No tag carries
 * connection settings, queries or error texts. Thread-safe; a meter is looked up once per pull,
 * never per row.
 */
public final class QanatixMetrics implements PullListener {
    /** Counter of pulls that ended. */
    public static final String PULLS = "qanatix.pulls";
    /** Timer of pull wall time. */
    public static final String PULL_DURATION = "qanatix.pull.duration";
    /** Counter of rows read from sources. */
    public static final String RECORDS_PULLED = "qanatix.records.pulled";
    /** Counter of records handed to the sink. */
    public static final String RECORDS_INGESTED = "qanatix.records.ingested";
    /** Counter of records skipped as already ingested. */
    public static final String DUPLICATES_SKIPPED = "qanatix.duplicates.skipped";
    /** Counter of scheduled runs that did not start. */
    public static final String RUNS_SKIPPED = "qanatix.scheduled.runs.skipped";
    /** Gauge of failed scheduled runs in a row. */
    public static final String CONSECUTIVE_FAILURES = "qanatix.scheduled.consecutive.failures";
    /** Gauge of pulls running now. */
    public static final String PULLS_ACTIVE = "qanatix.pulls.active";
    /** Time gauge of now minus the start of the last completed pull. */
    public static final String WATERMARK_LAG = "qanatix.watermark.lag";
    /** Counter of rows the lookback window caught (see {@link PullListener#lateRowsCaught}). */
    public static final String LATE_ROWS = "qanatix.pull.late.rows";

    /** Type tag value while the connector's type cannot be looked up. */
    static final String UNKNOWN_TYPE = "unknown";

    /** Which connector attribute the {@code connector} tag holds. */
    public enum ConnectorTag {
        /** The connector's name (default): readable, and stable across re-creation. */
        NAME,
        /** The connector's id: unique, for hosts whose connector names repeat. */
        ID
    }

    private final MeterRegistry registry;
    private final ConnectorTag connectorTag;
    private final double[] percentiles;
    private final boolean percentileHistogram;
    private final Map<String, Tags> tagsById = new ConcurrentHashMap<>();
    private final Map<Tags, ConnectorState> states = new ConcurrentHashMap<>();
    /** The tags each running pull started with, so it ends under the same ones. */
    private final Map<UUID, Tags> running = new ConcurrentHashMap<>();
    private volatile ConnectorRegistry connectors;

    private QanatixMetrics(Builder b) {
        this.registry = b.registry;
        this.connectorTag = b.connectorTag;
        this.percentiles = b.percentiles;
        this.percentileHistogram = b.percentileHistogram;
    }

    /**
     * @param registry where the meters go
     * @return a builder
     */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /**
     * Looks connectors up here for their type (and, for scheduler events, their name). Until this is
     * called, the {@code type} tag is {@value #UNKNOWN_TYPE}.
     *
     * @param registry the instance's connectors, {@code qanatix.connectors()}
     */
    public void connectorsFrom(ConnectorRegistry registry) {
        this.connectors = requireNonNull(registry, "registry is null");
    }

    @Override
    public void pullStarted(PullInfo pull) {
        Tags tags = tags(pull.connectorId(), pull.connectorName());
        running.put(pull.pullId(), tags);
        state(tags).active.incrementAndGet();
    }

    @Override
    public void pullFinished(PullInfo pull, PullResult result) {
        Tags started = running.remove(pull.pullId());
        Tags tags = started != null ? started : tags(pull.connectorId(), pull.connectorName());
        ConnectorState state = state(tags);
        if (started != null) {
            state.active.decrementAndGet();
        }
        Tags outcome = tags.and("status", result.status().wireName());
        Counter.builder(PULLS).description("Pulls that ended").tags(outcome).register(registry).increment();
        Timer.Builder timer = Timer.builder(PULL_DURATION).description("Wall time of pulls").tags(outcome);
        if (percentiles.length > 0) {
            timer.publishPercentiles(percentiles);
        }
        if (percentileHistogram) {
            timer.publishPercentileHistogram();
        }
        timer.register(registry).record(Duration.ofNanos(Math.round(result.durationSeconds() * 1e9)));
        Counter.builder(RECORDS_PULLED).description("Rows read from sources").tags(outcome)
                .register(registry).increment(result.recordsPulled());
        Counter.builder(RECORDS_INGESTED).description("Records handed to the sink")
                .tags(outcome).register(registry).increment(result.recordsIngested());
        Counter.builder(DUPLICATES_SKIPPED).description("Records skipped because their content was already ingested")
                .tags(outcome).register(registry).increment(result.duplicatesSkipped());
        if (result.isCompleted()) {
            state.lastCompletedPullStart(pull.startedAt(), registry, tags);
        }
    }

    @Override
    public void lateRowsCaught(PullInfo pull, long rows) {
        Counter.builder(LATE_ROWS).description("Rows of completed pulls that only the watermark lookback caught")
                .tags(tags(pull.connectorId(), pull.connectorName())).register(registry).increment(rows);
    }

    @Override
    public void scheduledRunSkipped(String connectorId, String reason, Instant nextRun) {
        Counter.builder(RUNS_SKIPPED).description("Scheduled runs that did not start: the connector was "
                        + "still being pulled, or another instance owned the run")
                .tags(tags(connectorId, null)).register(registry).increment();
    }

    @Override
    public void nextRunScheduled(String connectorId, Instant nextRun, int consecutiveFailures) {
        state(tags(connectorId, null)).consecutiveFailures.set(consecutiveFailures);
    }

    private ConnectorState state(Tags tags) {
        ConnectorState s = states.get(tags);
        return s != null ? s : states.computeIfAbsent(tags, t -> {
            ConnectorState created = new ConnectorState();
            Gauge.builder(PULLS_ACTIVE, created.active, AtomicInteger::get)
                    .description("Pulls running now").tags(t).register(registry);
            Gauge.builder(CONSECUTIVE_FAILURES, created.consecutiveFailures,
                            AtomicInteger::get)
                    .description("Failed scheduled runs in a row (0 after a success)").tags(t).register(registry);
            return created;
        });
    }

    /** @param name the name the event gave, or null when it gave only the id */
    private Tags tags(String connectorId, String name) {
        Tags known = tagsById.get(connectorId);
        if (known != null) {
            return known;
        }
        Optional<ConnectorDefinition> connector = lookUp(connectorId).map(Connector::definition);
        String type = connector.map(ConnectorDefinition::connectorType).orElse(UNKNOWN_TYPE);
        String value = switch (connectorTag) {
            case ID -> connectorId;
            case NAME -> name != null ? name : connector.map(ConnectorDefinition::name).orElse(connectorId);
        };
        Tags tags = Tags.of(Tag.of("connector", value), Tag.of("type", type));
        if (connector.isPresent()) {
            // Cached only once complete: a lookup that failed is tried again at the next event.
            tagsById.put(connectorId, tags);
        }
        return tags;
    }

    private Optional<Connector> lookUp(String connectorId) {
        ConnectorRegistry r = connectors;
        if (r == null) {
            return Optional.empty();
        }
        try {
            return r.get(connectorId);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What the gauges of one {@code connector} tag read. */
    private static final class ConnectorState {
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger consecutiveFailures =
                new AtomicInteger();
        /** Epoch millis of the last completed pull's start; {@code Long.MIN_VALUE} until one completed. */
        final AtomicLong lastCompletedStart =
                new AtomicLong(Long.MIN_VALUE);

        void lastCompletedPullStart(Instant startedAt, MeterRegistry registry, Tags tags) {
            long millis = startedAt.toEpochMilli();
            long before = lastCompletedStart.getAndAccumulate(millis, Math::max);
            if (before == Long.MIN_VALUE) {
                TimeGauge.builder(WATERMARK_LAG, this, TimeUnit.MILLISECONDS,
                                s -> registry.config().clock().wallTime() - s.lastCompletedStart.get())
                        .description("Now minus the start of the last completed pull").tags(tags)
                        .register(registry);
            }
        }
    }

    /** Builder for {@link QanatixMetrics}. */
    public static final class Builder {
        private final MeterRegistry registry;
        private ConnectorTag connectorTag = ConnectorTag.NAME;
        private double[] percentiles = new double[0];
        private boolean percentileHistogram;

        private Builder(MeterRegistry registry) {
            this.registry = requireNonNull(registry, "registry is null");
        }

        /**
         * @param tag what the {@code connector} tag holds (default {@link ConnectorTag#NAME})
         * @return this
         */
        public Builder connectorTag(ConnectorTag tag) {
            this.connectorTag = requireNonNull(tag, "tag is null");
            return this;
        }

        /**
         * @param percentiles client-side percentiles of {@value #PULL_DURATION} to publish, each in [0, 1]
         *     (default none; a registry's {@code MeterFilter} may add them too)
         * @return this
         */
        public Builder percentiles(double... percentiles) {
            double[] copy = requireNonNull(percentiles, "percentiles is null").clone();
            for (double p : copy) {
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("a percentile is in [0, 1], got " + p);
                }
            }
            this.percentiles = copy;
            return this;
        }

        /**
         * @param histogram whether {@value #PULL_DURATION} publishes histogram buckets, for percentiles
         *     aggregated on the server (default false)
         * @return this
         */
        public Builder percentileHistogram(boolean histogram) {
            this.percentileHistogram = histogram;
            return this;
        }

        /** @return the listener */
        public QanatixMetrics build() {
            return new QanatixMetrics(this);
        }

    }
}
