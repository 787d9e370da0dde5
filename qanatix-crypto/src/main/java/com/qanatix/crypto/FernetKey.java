package com.qanatix.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/**
 * A Fernet key: 32 random bytes, the first 16 sign (HMAC-SHA256) and the last 16 encrypt
 * (AES-128-CBC). Its text form is URL-safe base64, as Python's {@code Fernet.generate_key()} writes
 * it. {@link #toString()} never shows key material. Immutable.
 */
public final class FernetKey {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int LENGTH = 32;

    private final byte[] bytes;

    private FernetKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @return a new random key */
    public static FernetKey generate() {
        byte[] b = new byte[LENGTH];
        RANDOM.nextBytes(b);
        return new FernetKey(b);
    }

    /**
     * Reads a key in its text form (URL-safe base64 of 32 bytes, padded or not; surrounding
     * whitespace ignored).
     *
     * @param encoded the key text
     * @return the key
     * @throws KeyConfigurationException when it is not URL-safe base64 of 32 bytes; the message
     *     never contains the text
     */
    public static FernetKey fromString(String encoded) {
        requireNonNull(encoded, "encoded is null");
        String text = encoded.strip();
        if (text.isEmpty()) {
            throw new KeyConfigurationException("the Fernet key is empty");
        }
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new KeyConfigurationException("the Fernet key is not URL-safe base64 (A-Z a-z 0-9 - _ with optional "
                    + "'=' padding); generate one with FernetKey.generate().encoded() or Python's "
                    + "Fernet.generate_key()");
        }
        if (decoded.length != LENGTH) {
            int got = decoded.length;
            Arrays.fill(decoded, (byte) 0);
            throw new KeyConfigurationException("a Fernet key must decode to 32 bytes, this one decodes to " + got
                    + "; generate one with FernetKey.generate().encoded()");
        }
        return new FernetKey(decoded);
    }

    /** @return the key's text form: padded URL-safe base64, as Python writes it */
    public String encoded() {
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    byte[] signingKey() {
        return Arrays.copyOfRange(bytes, 0, 16);
    }

    byte[] encryptionKey() {
        return Arrays.copyOfRange(bytes, 16, 32);
    }

    /** Compares key material in constant time. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FernetKey k && MessageDigest.isEqual(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return 31;
    }

    /** @return {@code FernetKey[***]}: never key material */
    @Override
    public String toString() {
        return "FernetKey[***]";
    }
}
