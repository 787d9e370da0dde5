package com.qanatix.core.internal;

import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a listener so that its exceptions are logged and never fail a pull. */
final class SafeListener {
    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);
    private final PullListener delegate;

    SafeListener(PullListener delegate) {
        this.delegate = delegate;
    }

    void pullStarted(PullInfo pull) {
        try {
            delegate.pullStarted(pull);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    void progress(PullInfo pull, long pulled, long ingested, long batches) {
        try {
            delegate.progress(pull, pulled, ingested, batches);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    void lateRowsCaught(PullInfo pull, long rows) {
        try {
            delegate.lateRowsCaught(pull, rows);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    void pullFinished(PullInfo pull, PullResult result) {
        try {
            delegate.pullFinished(pull, result);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    void reconcileStarted(PullInfo pull) {
        try {
            delegate.reconcileStarted(pull);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    void reconcileFinished(PullInfo pull, PullResult result) {
        try {
            delegate.reconcileFinished(pull, result);
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    private static void warn(RuntimeException e) {
        LOG.warn("a PullListener threw {}; ignored", e.getClass().getName());
    }
}
