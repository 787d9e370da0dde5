package com.qanatix.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps records in memory: those of committed pulls in {@link #records()}, those of a pull in
 * progress apart until it commits, and drops them if it aborts; likewise the source ids
 * reconciliations report deleted, in {@link #deletions()}. For tests and small demos.
 */
public final class CollectingSink implements RecordSink {
    private final Map<UUID, List<IngestRecord>> pending = new ConcurrentHashMap<>();
    private final List<IngestRecord> committed = new ArrayList<>();
    private final Map<UUID, List<String>> pendingDeletions = new ConcurrentHashMap<>();
    private final List<String> deleted = new ArrayList<>();
    private int commits;
    private int aborts;

    @Override
    public void write(PullInfo pull, List<IngestRecord> batch) {
        pending.computeIfAbsent(pull.pullId(), id -> new ArrayList<>()).addAll(batch);
    }

    /** @return true: deletions are collected */
    @Override
    public boolean supportsDeletes() {
        return true;
    }

    @Override
    public void delete(PullInfo pull, String vertical, String entityType, List<String> sourceIds) {
        pendingDeletions.computeIfAbsent(pull.pullId(), id -> new ArrayList<>()).addAll(sourceIds);
    }

    @Override
    public void commit(PullInfo pull) {
        List<IngestRecord> records = pending.remove(pull.pullId());
        List<String> deletions = pendingDeletions.remove(pull.pullId());
        synchronized (this) {
            if (records != null) {
                committed.addAll(records);
            }
            if (deletions != null) {
                deleted.addAll(deletions);
            }
            commits++;
        }
    }

    @Override
    public void abort(PullInfo pull, String reason) {
        pending.remove(pull.pullId());
        pendingDeletions.remove(pull.pullId());
        synchronized (this) {
            aborts++;
        }
    }

    /** @return a snapshot of every record of committed pulls, in delivery order */
    public synchronized List<IngestRecord> records() {
        return List.copyOf(committed);
    }

    /** @return how many pulls committed */
    public synchronized int commits() {
        return commits;
    }

    /** @return how many pulls aborted */
    public synchronized int aborts() {
        return aborts;
    }

    /** @return a snapshot of the source ids committed reconciliations reported deleted, in delivery order */
    public synchronized List<String> deletions() {
        return List.copyOf(deleted);
    }

    /** Forgets every committed record and deletion. */
    public synchronized void clear() {
        committed.clear();
        deleted.clear();
    }
}
