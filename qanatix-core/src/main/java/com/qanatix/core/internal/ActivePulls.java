package com.qanatix.core.internal;

import com.qanatix.core.PullInfo;
import com.qanatix.core.spi.RecordSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pulls running in one {@code Qanatix} instance and their open sources, so that at most one
 * pull per connector runs, and a shutdown can close the sources of pulls that outlive its grace
 * period.
 */
public final class ActivePulls {
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private final Map<String, RecordSource> sources = new ConcurrentHashMap<>();
    /** Set once the instance gave up waiting for running pulls: they must fail and commit nothing. */
    private volatile boolean aborting;

    /**
     * @param connectorId a connector
     * @return true if the caller may pull it now; it must then call {@link #release}
     */
    public boolean tryAcquire(String connectorId) {
        return running.putIfAbsent(connectorId, Boolean.TRUE) == null;
    }

    /** @param connectorId a connector whose pull ended */
    public void release(String connectorId) {
        running.remove(connectorId);
    }

    /** @return how many pulls are running */
    public int count() {
        return running.size();
    }

    void opened(PullInfo pull, RecordSource source) {
        sources.put(pull.connectorId(), source);
        if (aborting) {
            source.close(); // opened after the abort swept the sources: fails like the others
        }
    }

    /** @return whether running pulls are being aborted (the instance is closing past its grace period) */
    boolean aborting() {
        return aborting;
    }

    /**
     * Waits until no pull is running.
     *
     * @param deadlineNanos the {@link System#nanoTime()} to give up at
     * @return whether none is running
     */
    public boolean awaitNone(long deadlineNanos) {
        while (!running.isEmpty()) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return running.isEmpty();
            }
        }
        return true;
    }

    void closed(PullInfo pull) {
        sources.remove(pull.connectorId());
    }

    /**
     * Aborts every running pull: from now on none commits (a pull past its last row fails before it
     * calls the sink's commit), and the source of each is closed, which makes those still reading fail.
     */
    public void closeAllSources() {
        aborting = true;
        for (RecordSource source : List.copyOf(sources.values())) {
            try {
                source.close();
            } catch (RuntimeException e) {
                // the pull's own thread reports the failure
            }
        }
    }
}
