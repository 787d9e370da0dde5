package com.qanatix.crypto;

/**
 * Thrown when a Fernet token must be rejected: it was made with a different key, it was
 * modified or truncated, it is not base64url, its version byte is not {@code 0x80}, its
 * padding is invalid, or (when a time-to-live is given) it has expired or its timestamp is
 * too far in the future.
 *
 * <p>This is the Java counterpart of Python's {@code cryptography.fernet.InvalidToken}. The
 * message says which check failed so that operators can tell a wrong key from an expired
 * token; it never contains key material, token contents or plaintext.
 */
public class InvalidTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that names the failed check.
     *
     * @param message what was wrong with the token, without token contents or key material
     */
    public InvalidTokenException(String message) {
        super(message);
    }
}
