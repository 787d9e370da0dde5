package com.qanatix.core;

/** Combines listeners. */
final class Listeners {
    private Listeners() {
    }

    static PullListener both(PullListener first, PullListener second) {
        if (second == PullListener.NONE) {
            return first;
        }
        if (first == PullListener.NONE) {
            return second;
        }
        return new PullListener() {
            @Override
            public void pullStarted(PullInfo pull) {
                first.pullStarted(pull);
                second.pullStarted(pull);
            }

            @Override
            public void progress(PullInfo pull, long recordsPulled, long recordsIngested, long batchesWritten) {
                first.progress(pull, recordsPulled, recordsIngested, batchesWritten);
                second.progress(pull, recordsPulled, recordsIngested, batchesWritten);
            }

            @Override
            public void pullFinished(PullInfo pull, PullResult result) {
                first.pullFinished(pull, result);
                second.pullFinished(pull, result);
            }

            @Override
            public void lateRowsCaught(PullInfo pull, long rows) {
                first.lateRowsCaught(pull, rows);
                second.lateRowsCaught(pull, rows);
            }

            @Override
            public void scheduledRunSkipped(String connectorId, String reason, java.time.Instant nextRun) {
                first.scheduledRunSkipped(connectorId, reason, nextRun);
                second.scheduledRunSkipped(connectorId, reason, nextRun);
            }

            @Override
            public void nextRunScheduled(String connectorId, java.time.Instant nextRun, int consecutiveFailures) {
                first.nextRunScheduled(connectorId, nextRun, consecutiveFailures);
                second.nextRunScheduled(connectorId, nextRun, consecutiveFailures);
            }
        };
    }
}
