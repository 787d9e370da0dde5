package com.qanatix.core;

/**
 * Observes pulls: for progress bars, metrics and audit logs. Every method has an empty default, so
 * implement only what you need; new events arrive later as new default methods.
 *
 * <p>Methods are called on the pulling thread; keep them fast. An exception thrown by a listener is
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
}
