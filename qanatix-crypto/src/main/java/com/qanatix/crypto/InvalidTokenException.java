package com.qanatix.crypto;

/**
 * A Fernet token was rejected: wrong key, altered or truncated, malformed, an unknown version, or
 * outside its time-to-live. The message says which, never the token, key or plaintext.
 */
public class InvalidTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message why the token was rejected */
    public InvalidTokenException(String message) {
        super(message);
    }
}
