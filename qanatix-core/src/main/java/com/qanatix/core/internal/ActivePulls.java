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

    /**
     * @param connectorId a connector
     * @return whether a pull of it is running
     */
    public boolean isRunning(String connectorId) {
        return running.containsKey(connectorId);
    }

    /** @return how many pulls are running */
    public int count() {
        return running.size();
    }

    void opened(PullInfo pull, RecordSource source) {
        sources.put(pull.connectorId(), source);
    }

    void closed(PullInfo pull) {
        sources.remove(pull.connectorId());
    }

    /** Closes the source of every running pull, which makes those pulls fail without committing. */
    public void closeAllSources() {
        for (RecordSource source : List.copyOf(sources.values())) {
            try {
                source.close();
            } catch (RuntimeException e) {
                // the pull's own thread reports the failure
            }
        }
    }
}
