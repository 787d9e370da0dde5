package com.qanatix.core.spi;

/**
 * Root of every exception the SDK throws. Unchecked; messages say what was wrong and what to do, and never carry a secret.
 */
public class QanatixException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and what to do; never a secret */
    public QanatixException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what to do; never a secret
     * @param cause the cause
     */
    public QanatixException(String message, Throwable cause) {
        super(message, cause);
    }
}
