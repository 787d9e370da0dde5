package com.qanatix.core.spi;

/**
 * A connector definition or SDK configuration is invalid: a missing or malformed field, an unparseable query. Thrown before anything is stored.
 */
public class InvalidConfigException extends QanatixException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and what to do; never a secret */
    public InvalidConfigException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong and what to do; never a secret
     * @param cause the cause
     */
    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
