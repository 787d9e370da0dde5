package com.qanatix.core.internal;

import com.qanatix.core.PullInfo;
import com.qanatix.core.RecordSink;
import com.qanatix.core.SinkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The calls that end a pull or reconciliation at its sink, with the failures each turns into. */
final class SinkCalls {
    private static final Logger LOG = LoggerFactory.getLogger(SinkCalls.class);

    private SinkCalls() {
    }

    /** Commits; a sink's failure becomes a {@link SinkException} that fails the pull. */
    static void commit(RecordSink sink, PullInfo info) {
        try {
            sink.commit(info);
        } catch (RuntimeException e) {
            throw failure("failed to commit", e);
        }
    }

    /**
     * @param what what the sink did, e.g. "rejected a batch"
     * @param e what a sink call threw
     * @return the {@link SinkException} that fails the pull: {@code e} itself when it is one, else one
     *     that names the sink's exception and its message
     */
    static SinkException failure(String what, RuntimeException e) {
        if (e instanceof SinkException sinkException) {
            return sinkException;
        }
        return new SinkException("the sink " + what + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }

    /**
     * What a pull or reconciliation that failed does at its sink: aborts it unless it committed (after
     * the sink's commit it gets no abort: the {@code RecordSink} contract is one or the other).
     *
     * @param e the failure; an {@link Error} other than running out of memory or stack is rethrown
     * @param sink the sink
     * @param info the pull
     * @param sinkCommitted whether the sink's commit returned
     * @param redactor describes the failure without secrets
     * @return the failure's description, for the result and the log
     */
    static String failed(Throwable e, RecordSink sink, PullInfo info, boolean sinkCommitted, SecretRedactor redactor) {
        String message = redactor.describe(e);
        if (e instanceof Error error && !(e instanceof OutOfMemoryError) && !(e instanceof StackOverflowError)) {
            throw error;
        }
        if (!sinkCommitted) {
            abort(sink, info, message, redactor);
        }
        return message;
    }

    /** Aborts; a sink's failure to abort is logged, since the pull has failed already. */
    static void abort(RecordSink sink, PullInfo info, String reason, SecretRedactor redactor) {
        try {
            sink.abort(info, reason);
        } catch (RuntimeException abortFailure) {
            LOG.warn("sink abort for connector {} failed: {}", info.connectorId(), redactor.describe(abortFailure));
        }
    }
}
