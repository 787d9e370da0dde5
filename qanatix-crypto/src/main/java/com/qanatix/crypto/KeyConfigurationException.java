package com.qanatix.crypto;

/**
 * Encryption keys are missing or malformed (for example {@code CONNECTOR_ENCRYPTION_KEY}). The
 * message names the problem and the key's position, never the key text.
 */
public class KeyConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what to do */
    public KeyConfigurationException(String message) {
        super(message);
    }
}
