package com.qanatix.spring.boot;

import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every {@link PullListener} bean as one listener, called in order. One that throws is logged and
 * does not keep the others from seeing the event.
 */
final class PullListeners implements PullListener {
    private static final Logger LOG = LoggerFactory.getLogger(PullListeners.class);
    private final List<PullListener> listeners;

    private PullListeners(List<PullListener> listeners) {
        this.listeners = listeners;
    }

    static PullListener of(List<PullListener> listeners) {
        return switch (listeners.size()) {
            case 0 -> PullListener.NONE;
            case 1 -> listeners.get(0);
            default -> new PullListeners(List.copyOf(listeners));
        };
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

    private void each(Consumer<PullListener> event) {
        for (PullListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("pull listener {} failed; ignored", l.getClass().getName(), e);
            }
        }
    }
}
