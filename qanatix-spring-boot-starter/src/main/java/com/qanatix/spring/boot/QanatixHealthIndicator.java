package com.qanatix.spring.boot;

import com.qanatix.core.Connector;
import com.qanatix.core.Qanatix;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Actuator health of the scheduled connectors: DOWN when one has failed its last
 * {@code qanatix.health.failure-threshold} pulls or its watermark lag (now minus the start of its
 * last completed pull) passes {@code qanatix.health.max-watermark-lag}; UP otherwise. Details list
 * each scheduled connector by name with its id, type, schedule, last status, failures in a row and
 * lag: never its connection settings, query or error text.
 *
 * <p>What it judges is what this instance saw ({@link PullOutcomes}): pulls made by other instances
 * sharing a JDBC store, and pulls before this instance started, are not counted.
 */
public final class QanatixHealthIndicator extends AbstractHealthIndicator {
    private final Qanatix qanatix;
    private final PullOutcomes outcomes;
    private final int failureThreshold;
    private final Duration maxWatermarkLag;
    private final Clock clock;

    /**
     * @param qanatix the instance whose connectors are judged
     * @param outcomes how their pulls ended
     * @param failureThreshold failed pulls in a row that make a scheduled connector unhealthy (at least 1)
     * @param maxWatermarkLag the largest healthy watermark lag, or null not to judge lag
     * @param clock the time source
     */
    public QanatixHealthIndicator(Qanatix qanatix, PullOutcomes outcomes, int failureThreshold,
                                  Duration maxWatermarkLag, Clock clock) {
        super("Qanatix health check failed");
        this.qanatix = requireNonNull(qanatix, "qanatix is null");
        this.outcomes = requireNonNull(outcomes, "outcomes is null");
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("qanatix.health.failure-threshold must be at least 1, got "
                    + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
        this.maxWatermarkLag = maxWatermarkLag;
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Instant now = clock.instant();
        List<Connector> scheduled = qanatix.connectors().list().stream()
                .filter(c -> c.definition().schedule().isPresent()).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        int unhealthy = 0;
        for (Connector c : scheduled) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", c.id());
            d.put("type", c.definition().connectorType());
            d.put("schedule", c.definition().schedule().orElseThrow());
            Optional<PullOutcomes.Outcome> outcome = outcomes.of(c.id());
            int failures = outcome.map(PullOutcomes.Outcome::consecutiveFailures).orElse(0);
            d.put("lastStatus", outcome.map(o -> o.lastStatus().wireName()).orElse("none"));
            d.put("consecutiveFailures", failures);
            Optional<Duration> lag = outcome.flatMap(PullOutcomes.Outcome::lastCompletedPullStartedAt)
                    .map(start -> Duration.between(start, now));
            lag.ifPresent(l -> d.put("watermarkLagSeconds", l.toSeconds()));
            String problem = null;
            if (failures >= failureThreshold) {
                problem = "failed its last " + failures + " pulls";
            } else if (maxWatermarkLag != null && lag.isPresent() && lag.get().compareTo(maxWatermarkLag) > 0) {
                problem = "watermark lag " + lag.get().toSeconds() + " s exceeds " + maxWatermarkLag.toSeconds() + " s";
            }
            if (problem != null) {
                d.put("problem", problem);
                unhealthy++;
            }
            String name = c.definition().name();
            String key = details.containsKey(name) ? name + " (" + c.id() + ")" : name;
            details.put(key, d);
        }
        builder.status(unhealthy > 0 ? Status.DOWN
                        : Status.UP)
                .withDetail("scheduledConnectors", scheduled.size())
                .withDetail("unhealthyConnectors", unhealthy)
                .withDetail("connectors", details);
    }
}
