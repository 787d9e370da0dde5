package com.qanatix.spring.boot;

import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Remembers how each connector's pulls ended in this application instance, for the health
 * indicator: the last status, failed pulls in a row, and when the last completed pull started.
 * Pulls made by other instances sharing a JDBC store are not seen.
 */
public final class PullOutcomes implements PullListener {
    private final Map<String, Outcome> byConnector = new ConcurrentHashMap<>();

    /**
     * How a connector's pulls ended so far.
     *
     * @param lastStatus how the last pull ended
     * @param lastFinishedAt when it ended
     * @param consecutiveFailures failed pulls in a row (0 after a completed one)
     * @param lastCompletedPullStartedAt when the last completed pull started; empty if none completed
     */
    public record Outcome(PullStatus lastStatus, Instant lastFinishedAt, int consecutiveFailures,
                          Optional<Instant> lastCompletedPullStartedAt) {
        /**
         * Checks the fields.
         *
         * @param lastStatus how the last pull ended
         * @param lastFinishedAt when it ended
         * @param consecutiveFailures failed pulls in a row (0 after a completed one)
         * @param lastCompletedPullStartedAt when the last completed pull started; empty if none completed
         */
        public Outcome {
            requireNonNull(lastStatus, "lastStatus is null");
            requireNonNull(lastFinishedAt, "lastFinishedAt is null");
            requireNonNull(lastCompletedPullStartedAt, "lastCompletedPullStartedAt is null");
        }
    }

    /**
     * @param connectorId a connector
     * @return how its pulls ended, empty if none ended in this instance
     */
    public Optional<Outcome> of(String connectorId) {
        return Optional.ofNullable(byConnector.get(requireNonNull(connectorId, "connectorId is null")));
    }

    @Override
    public void pullFinished(PullInfo pull, PullResult result) {
        Instant finishedAt = pull.startedAt().plusNanos(Math.round(result.durationSeconds() * 1e9));
        byConnector.compute(pull.connectorId(), (id, before) -> {
            if (result.isCompleted()) {
                return new Outcome(result.status(), finishedAt, 0, Optional.of(pull.startedAt()));
            }
            if (result.status() == PullStatus.FAILED) {
                return new Outcome(result.status(), finishedAt, before == null ? 1 : before.consecutiveFailures() + 1,
                        before == null ? Optional.empty() : before.lastCompletedPullStartedAt());
            }
            return before;
        });
    }
}
