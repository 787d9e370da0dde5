package com.qanatix.crypto;

/**
 * Thrown when a Fernet key, or the {@value MultiFernet#ENVIRONMENT_VARIABLE} key list, is
 * missing or malformed: not set, empty, not base64url, or not exactly 32 bytes long.
 *
 * <p>Messages name the position of a bad key ("key #2 of 3 ...") and say how to generate a
 * valid one; they never contain the key text itself.
 */
public class KeyConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** How to make a valid key, appended to messages. */
    static final String HOW_TO_GENERATE = "Generate a key with "
            + "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' "
            + "or, in Java, FernetKey.generate().encoded().";

    /**
     * Creates an exception with a message that says what is wrong and what to do.
     *
     * @param message what is wrong with the key configuration, without key material
     */
    public KeyConfigurationException(String message) {
        super(message);
    }
}
