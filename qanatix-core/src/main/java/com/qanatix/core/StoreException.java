package com.qanatix.core;

import com.qanatix.core.spi.QanatixException;

/**
 * A {@link ConnectorStore} failed to read or write.
 */
public class StoreException extends QanatixException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and what to do; never a secret */
    public StoreException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what to do; never a secret
     * @param cause the cause
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
