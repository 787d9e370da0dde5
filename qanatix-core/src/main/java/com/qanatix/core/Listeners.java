package com.qanatix.core;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Several listeners as one, called in order; see {@link PullListener#all}. Every event of
 * {@link PullListener} is forwarded (a test checks that none is missed when one is added).
 */
final class Listeners implements PullListener {
    private final List<PullListener> listeners;

    private Listeners(List<PullListener> listeners) {
        this.listeners = listeners;
    }

    static PullListener of(List<PullListener> listeners) {
        List<PullListener> real = listeners.stream().filter(l -> l != PullListener.NONE).toList();
        return switch (real.size()) {
            case 0 -> PullListener.NONE;
            case 1 -> real.get(0);
            default -> new Listeners(real);
        };
    }

    static PullListener both(PullListener first, PullListener second) {
        return of(List.of(first, second));
    }

    @Override
    public void pullStarted(PullInfo pull) {
        each(l -> l.pullStarted(pull));
    }

    @Override
    public void progress(PullInfo pull, long recordsPulled, long recordsIngested, long batchesWritten) {
        each(l -> l.progress(pull, recordsPulled, recordsIngested, batchesWritten));
    }

    @Override
    public void pullFinished(PullInfo pull, PullResult result) {
        each(l -> l.pullFinished(pull, result));
    }

    @Override
    public void scheduledRunSkipped(String connectorId, String reason, Instant nextRun) {
        each(l -> l.scheduledRunSkipped(connectorId, reason, nextRun));
    }

    @Override
    public void nextRunScheduled(String connectorId, Instant nextRun, int consecutiveFailures) {
        each(l -> l.nextRunScheduled(connectorId, nextRun, consecutiveFailures));
    }

    @Override
    public void storeEntryUnreadable(String entry, String problem) {
        each(l -> l.storeEntryUnreadable(entry, problem));
    }

    @Override
    public void ingestAccepted(PullInfo pull, IngestReceipt receipt) {
        each(l -> l.ingestAccepted(pull, receipt));
    }

    @Override
    public void lateRowsCaught(PullInfo pull, long rows) {
        each(l -> l.lateRowsCaught(pull, rows));
    }

    @Override
    public void reconcileStarted(PullInfo pull) {
        each(l -> l.reconcileStarted(pull));
    }

    @Override
    public void reconcileFinished(PullInfo pull, PullResult result) {
        each(l -> l.reconcileFinished(pull, result));
    }

    @Override
    public void connectorResynced(String connectorId) {
        each(l -> l.connectorResynced(connectorId));
    }

    @Override
    public void watermarkReset(String connectorId, Watermark watermark) {
        each(l -> l.watermarkReset(connectorId, watermark));
    }

    /**
     * Calls each listener; one that throws does not keep the later ones from the event, and the
     * first failure is rethrown after all were called (the SDK's caller logs and ignores it).
     */
    private void each(Consumer<PullListener> event) {
        RuntimeException first = null;
        for (PullListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
