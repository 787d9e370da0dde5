package com.qanatix.core;

import com.qanatix.core.spi.QanatixException;

/**
 * A connector's state cannot change now because a pull or reconciliation of it is running
 * ({@code Qanatix.resync}, {@code Qanatix.resetWatermark}); retry once it has ended.
 */
public class ConnectorBusyException extends QanatixException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and what to do; never a secret */
    public ConnectorBusyException(String message) {
        super(message);
    }
}
