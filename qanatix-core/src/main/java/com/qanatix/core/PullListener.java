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
}
