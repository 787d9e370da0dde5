package com.qanatix.core;

import com.qanatix.core.spi.QanatixException;

/**
 * A {@link RecordSink} failed to accept or commit a batch.
 */
public class SinkException extends QanatixException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and what to do; never a secret */
    public SinkException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what to do; never a secret
     * @param cause the cause
     */
    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
