package com.qanatix.crypto;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Fernet key: 32 random bytes, of which the first 16 are the HMAC-SHA256 signing key and
 * the last 16 the AES-128 encryption key.
 *
 * <p>The text form is the one Python's {@code Fernet.generate_key()} writes: 44 characters of
 * padded base64url. {@link #fromString(String)} reads that form (padding optional, surrounding
 * whitespace ignored) and {@link #encoded()} writes it, so keys can be shared with Python
 * services in both directions.
 *
 * <p>Instances are immutable and thread-safe. {@link #toString()} never shows key material;
 * {@link #equals(Object)} compares in constant time.
 */
public final class FernetKey {

    /** Length of a Fernet key in bytes. */
    static final int KEY_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] raw;
    private final SecretKeySpec signingKey;
    private final SecretKeySpec encryptionKey;

    private FernetKey(byte[] raw) {
        this.raw = raw;
        this.signingKey = new SecretKeySpec(raw, 0, 16, "HmacSHA256");
        this.encryptionKey = new SecretKeySpec(raw, 16, 16, "AES");
    }

    /**
     * Generates a new random key with {@link SecureRandom}.
     *
     * @return a fresh key
     */
    public static FernetKey generate() {
        byte[] raw = new byte[KEY_BYTES];
        RANDOM.nextBytes(raw);
        return new FernetKey(raw);
    }

    /**
     * Reads a key as Python's {@code Fernet(key)} does: 32 bytes as base64url with its {@code =}
     * padding (extra padding is ignored; a key without its padding is rejected, as Python rejects
     * it), the standard base64 characters {@code +} and {@code /} accepted in place of {@code -} and
     * {@code _}, whitespace ignored.
     *
     * @param encoded the base64url text of the key
     * @return the key
     * @throws KeyConfigurationException if the text is not base64url or does not decode to
     *     exactly 32 bytes (the message never contains the text)
     */
    public static FernetKey fromString(String encoded) {
        requireNonNull(encoded, "encoded is null");
        return parse(encoded, "Fernet key");
    }

    /**
     * Parses a key; error messages start with {@code what} and never contain the key text.
     */
    static FernetKey parse(String encoded, String what) {
        String text = encoded.strip();
        if (text.isEmpty()) {
            throw new KeyConfigurationException(what + " is empty. " + KeyConfigurationException.HOW_TO_GENERATE);
        }
        byte[] raw;
        try {
            raw = PythonBase64.decode(text);
        } catch (IllegalArgumentException e) {
            throw new KeyConfigurationException(what + " is not valid base64url (" + e.getMessage() + "). "
                    + KeyConfigurationException.HOW_TO_GENERATE);
        }
        if (raw.length != KEY_BYTES) {
            int length = raw.length;
            Arrays.fill(raw, (byte) 0);
            throw new KeyConfigurationException(what + " decodes to " + length
                    + " bytes; a Fernet key is exactly 32 bytes (44 base64url characters). "
                    + KeyConfigurationException.HOW_TO_GENERATE);
        }
        return new FernetKey(raw);
    }

    /**
     * Makes a key from its 32 raw bytes. The array is copied.
     *
     * @param raw the 32 key bytes: signing key, then encryption key
     * @return the key
     * @throws KeyConfigurationException if {@code raw} is not exactly 32 bytes long
     */
    public static FernetKey fromBytes(byte[] raw) {
        requireNonNull(raw, "raw is null");
        if (raw.length != KEY_BYTES) {
            throw new KeyConfigurationException("Fernet key must be exactly 32 bytes, got " + raw.length
                    + ". " + KeyConfigurationException.HOW_TO_GENERATE);
        }
        return new FernetKey(raw.clone());
    }

    /**
     * Returns the key as padded base64url text, exactly as Python's
     * {@code Fernet.generate_key()} writes it (44 characters ending in {@code =}).
     *
     * <p>This is key material: store it like a password.
     *
     * @return the text form of the key
     */
    public String encoded() {
        return Base64.getUrlEncoder().encodeToString(raw);
    }

    SecretKeySpec signingKey() {
        return signingKey;
    }

    SecretKeySpec encryptionKey() {
        return encryptionKey;
    }

    /**
     * Compares the key bytes in constant time.
     *
     * @param other the object to compare with
     * @return whether {@code other} is a {@code FernetKey} with the same bytes
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof FernetKey && MessageDigest.isEqual(raw, ((FernetKey) other).raw);
    }

    /**
     * Returns a hash derived from a SHA-256 digest of the key, so that it reveals nothing
     * about the key bytes.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
            return (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    /**
     * Returns {@code FernetKey[***]}: never the key material.
     *
     * @return a placeholder text
     */
    @Override
    public String toString() {
        return "FernetKey[***]";
    }
}
