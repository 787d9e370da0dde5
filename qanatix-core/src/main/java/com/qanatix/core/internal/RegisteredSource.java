package com.qanatix.core.internal;

import com.qanatix.core.PullInfo;
import com.qanatix.core.spi.RecordSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pull's or reconciliation's open source, registered with the running pulls for as long as it is
 * read, so that a host closing past its grace period can close it. Closing unregisters the source
 * and closes it; a source that fails to close is logged, never thrown, since the rows it gave were
 * read already.
 */
final class RegisteredSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegisteredSource.class);

    private final RecordSource source;
    private final ActivePulls active;
    private final PullInfo info;
    private final String what;

    /**
     * @param source the opened source
     * @param active the running pulls; may be null
     * @param info the pull reading it
     * @param what what the source is, for the log (e.g. "the keys query")
     */
    RegisteredSource(RecordSource source, ActivePulls active, PullInfo info, String what) {
        this.source = source;
        this.active = active;
        this.info = info;
        this.what = what;
        if (active != null) {
            active.opened(info, source);
        }
    }

    /** @return the source */
    RecordSource source() {
        return source;
    }

    @Override
    public void close() {
        if (active != null) {
            active.closed(info);
        }
        try {
            source.close();
        } catch (RuntimeException e) {
            LOG.warn("closing {} of connector {} failed: {}", what, info.connectorId(),
                    SecretRedactor.generic().describe(e));
        }
    }
}
