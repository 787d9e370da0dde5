package com.qanatix.core;

/**
 * Observes pulls: for progress bars, metrics and audit logs. Every method has an empty default, so
 * implement only what you need; new events arrive later as new default methods.
 *
 * <p>Methods are called on the pulling thread ({@link #ingestAccepted} on the sink's); keep them fast. An exception thrown by a listener is
 * logged and otherwise ignored: it never fails a pull.
 */
public interface PullListener {

    /** A listener that does nothing. */
    PullListener NONE = new PullListener() { };

    /**
     * Several listeners as one: each event goes to each of them, in order. One that throws does not
     * keep the others from the event.
     *
     * @param listeners the listeners
     * @return a listener that forwards every event to all of them
     */
    static PullListener all(java.util.List<PullListener> listeners) {
        java.util.Objects.requireNonNull(listeners, "listeners is null");
        listeners.forEach(l -> java.util.Objects.requireNonNull(l, "a listener is null"));
        return Listeners.of(listeners);
    }

    /** @param pull the pull that started */
    default void pullStarted(PullInfo pull) {
    }

    /**
     * Called after each batch reached the sink.
     *
     * @param pull the pull
     * @param recordsPulled rows read from the source so far
     * @param recordsIngested records handed to the sink so far
     * @param batchesWritten batches written so far
     */
    default void progress(PullInfo pull, long recordsPulled, long recordsIngested, long batchesWritten) {
    }

    /**
     * @param pull the pull that ended
     * @param result its result (completed or failed)
     */
    default void pullFinished(PullInfo pull, PullResult result) {
    }

    /**
     * A scheduled run did not start: the connector was still being pulled, or another instance
     * owns this run.
     *
     * @param connectorId the connector
     * @param reason why
     * @param nextRun when it is due next
     */
    default void scheduledRunSkipped(String connectorId, String reason, java.time.Instant nextRun) {
    }

    /**
     * A scheduled connector's next run was set, after a run ended or when it was scheduled.
     *
     * @param connectorId the connector
     * @param nextRun when it is due
     * @param consecutiveFailures failed runs in a row (0 after a success); above 0 the run is backed off
     */
    default void nextRunScheduled(String connectorId, java.time.Instant nextRun, int consecutiveFailures) {
    }

    /**
     * The store holds an entry it cannot read (a truncated or garbled connector file) and skips it:
     * the other connectors keep working, pulls of that one fail. Reported once until the entry changes.
     *
     * @param entry what is unreadable (for a directory store, the file's path)
     * @param problem what is wrong and how to fix it
     */
    default void storeEntryUnreadable(String entry, String problem) {
    }

    /**
     * A sink delivered records and the receiving system acknowledged them: for a
     * {@link QanatixIngestSink} built with {@code listener(...)}, once per ingest request QANATIX
     * accepted. Called on the sink's HTTP thread, not the pulling thread; the pull's watermark is
     * committed only later, when every request of the pull was accepted.
     *
     * @param pull the pull the records belong to
     * @param receipt what the server answered
     */
    default void ingestAccepted(PullInfo pull, IngestReceipt receipt) {
    }

    /**
     * How many rows of a completed pull the lookback window caught: records ingested (not skipped as
     * duplicates) whose {@code watermark_column} value is at or below the previous successful pull's
     * stored watermark column value ({@code Qanatix.watermark(id)}, the point the lookback is
     * subtracted from). A pull without the lookback would not have read them: rows committed late
     * with a stamp older than what the previous pull had seen, or written with a stamp in the past.
     * Rows that a transaction open at the previous pull's start committed later are not counted:
     * the watermark was already held back for them, with or without a lookback. A figure that stays
     * above zero says the lookback is doing work; rows lost beyond it cannot be counted, so widen it
     * while this figure is near what one window holds.
     *
     * <p>Called once for every completed pull, before {@link #pullFinished}. It is 0 for a
     * connector without {@code watermark_column} (nothing in a row says when it was written, so a
     * late row cannot be told from a new one), for a connector's first pull, and for a text column.
     *
     * @param pull the pull
     * @param rows late rows caught, 0 or more
     */
    default void lateRowsCaught(PullInfo pull, long rows) {
    }

    /**
     * A reconciliation ({@code Qanatix.reconcile}) of a connector started: its keys query is about to run.
     *
     * @param pull the reconciliation
     */
    default void reconcileStarted(PullInfo pull) {
    }

    /**
     * A reconciliation ended: completed (its {@code deletions} reached the sink and were forgotten),
     * refused by the mass-delete guard (nothing deleted; {@code deletions} says how many it found),
     * or failed (nothing committed).
     *
     * @param pull the reconciliation
     * @param result its result, with {@code deletions}
     */
    default void reconcileFinished(PullInfo pull, PullResult result) {
    }

    /**
     * A connector's watermark, fingerprints and source ids were forgotten ({@code Qanatix.resync}):
     * its next pull reads and delivers every row again.
     *
     * @param connectorId the connector
     */
    default void connectorResynced(String connectorId) {
    }

    /**
     * A connector's watermark was set by hand ({@code Qanatix.resetWatermark}), for a backfill.
     *
     * @param connectorId the connector
     * @param watermark the watermark its next pull starts from
     */
    default void watermarkReset(String connectorId, Watermark watermark) {
    }
}
