package com.qanatix.core;

import com.qanatix.core.spi.QanatixException;

/**
 * No connector with the given id exists in the store.
 */
public class ConnectorNotFoundException extends QanatixException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and what to do; never a secret */
    public ConnectorNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what to do; never a secret
     * @param cause the cause
     */
    public ConnectorNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
