package com.qanatix.core;

import java.util.List;

/**
 * Where pulled records go: the host application's ingestion pipeline.
 *
 * <p>For each pull the sink receives {@link #write} calls with batches of at most
 * {@code batch_size} records, then either {@link #commit} (every batch was delivered; the SDK
 * commits the watermark and fingerprints only after this returns) or {@link #abort} (the pull
 * failed; the same records will be delivered again by a later pull). Delivery is at-least-once:
 * make ingestion idempotent on {@link IngestRecord#sourceId()}.
 *
 * <p>One sink serves every connector, and pulls of different connectors may run at the same time
 * on different threads; calls for one pull come from one thread. The batch list is only valid
 * during the call: copy what you keep. Throwing from {@code write} or {@code commit} fails the pull.
 *
 * <p>A reconciliation ({@code Qanatix.reconcile}) reaches a sink that {@link #supportsDeletes()} as
 * {@link #delete} calls, then {@code commit} or {@code abort}, like a pull.
 *
 * <p>A {@code commit} that returned is never followed by {@code abort} (a {@code commit} that threw
 * is: the pull failed). If the store then fails to record the pull, the sink hears nothing more: the pull's result is
 * {@code failed}, its watermark and fingerprints stay as they were, and the next pull delivers the
 * same records again (at-least-once, as after an abort). When the {@code Qanatix} instance closes
 * and a pull outlives the grace period, the pull gets {@code abort}, never {@code commit}.
 */
public interface RecordSink {

    /**
     * @param pull the pull these records belong to
     * @param batch the records, at most {@code batch_size}
     */
    void write(PullInfo pull, List<IngestRecord> batch);

    /**
     * Every batch of the pull was written: make them durable.
     *
     * @param pull the pull
     */
    void commit(PullInfo pull);

    /**
     * Whether this sink takes deletions ({@link #delete}). A reconciliation of a connector
     * ({@code Qanatix.reconcile}) fails before it reads anything when its sink does not, so a sink
     * that predates deletions never has them dropped silently.
     *
     * @return true if {@link #delete} is implemented; false by default
     */
    default boolean supportsDeletes() {
        return false;
    }

    /**
     * Source ids that a reconciliation found gone from the source: remove their records. Called
     * with batches of at most {@code batch_size} ids, then {@link #commit} (the SDK forgets the ids
     * only after it returned) or {@link #abort}. Like records, deletions are at-least-once: an id
     * may be reported again after a failure, and a deletion may name an id the sink already dropped.
     * The list is valid only during the call.
     *
     * @param pull the reconciliation
     * @param vertical the connector's vertical, as on its records
     * @param entityType the connector's entity type, as on its records
     * @param sourceIds the deleted source ids
     * @throws UnsupportedOperationException unless overridden (with {@link #supportsDeletes()})
     */
    default void delete(PullInfo pull, String vertical, String entityType, List<String> sourceIds) {
        throw new UnsupportedOperationException(getClass().getName() + " takes no deletions");
    }

    /**
     * The pull failed after some batches may have been written.
     *
     * @param pull the pull
     * @param reason why it failed, redacted
     */
    default void abort(PullInfo pull, String reason) {
    }
}
