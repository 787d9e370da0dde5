package com.qanatix.core.spi;

/**
 * Reading from a source failed: connecting, running the query or fetching rows.
 */
public class SourceException extends QanatixException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and what to do; never a secret */
    public SourceException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what to do; never a secret
     * @param cause the cause
     */
    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
