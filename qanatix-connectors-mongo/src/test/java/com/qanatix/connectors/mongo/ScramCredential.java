package com.qanatix.connectors.mongo;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * What a server keeps of a SCRAM-SHA-256 password (RFC 5802 section 3, RFC 7677): the salt, the
 * iteration count, {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))} and
 * {@code ServerKey = HMAC(SaltedPassword, "Server Key")}, where
 * {@code SaltedPassword = PBKDF2-HMAC-SHA-256(SASLprep(password), salt, iterations)}. Never the
 * password. {@link #toString()} shows none of it.
 */
final class ScramCredential {
    /** mongod's default {@code scramSHA256IterationCount}. */
    static final int DEFAULT_ITERATIONS = 15_000;
    /** mongod's salt length for SCRAM-SHA-256: the digest length less four bytes. */
    static final int SALT_LENGTH = 28;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] salt;
    private final int iterations;
    private final byte[] storedKey;
    private final byte[] serverKey;

    private ScramCredential(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
        this.salt = salt;
        this.iterations = iterations;
        this.storedKey = storedKey;
        this.serverKey = serverKey;
    }

    /**
     * @param password the plain password, SASLprep'd here
     * @return a credential with a fresh random salt and mongod's default iteration count
     */
    static ScramCredential forPassword(String password) {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return forPassword(password, salt, DEFAULT_ITERATIONS);
    }

    /**
     * @param password the plain password, SASLprep'd here
     * @param salt the salt
     * @param iterations the PBKDF2 iteration count, at least 4096 (the driver refuses fewer)
     * @return the credential
     */
    static ScramCredential forPassword(String password, byte[] salt, int iterations) {
        requireNonNull(password, "password is null");
        requireNonNull(salt, "salt is null");
        if (iterations < 4096) {
            throw new IllegalArgumentException("iterations must be at least 4096");
        }
        char[] prepared = SaslPrep.prepareStored(password).toCharArray();
        try {
            // PBKDF2 with a 256-bit output is exactly RFC 5802's Hi() for HMAC-SHA-256; the JDK
            // encodes the characters as UTF-8, as SCRAM requires.
            byte[] saltedPassword = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(prepared, salt, iterations, 256)).getEncoded();
            byte[] clientKey = hmac(saltedPassword, "Client Key");
            byte[] serverKey = hmac(saltedPassword, "Server Key");
            Arrays.fill(saltedPassword, (byte) 0);
            return new ScramCredential(salt.clone(), iterations, sha256(clientKey), serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot derive SCRAM-SHA-256 keys", e);
        } finally {
            Arrays.fill(prepared, '\0');
        }
    }

    byte[] salt() {
        return salt.clone();
    }

    int iterations() {
        return iterations;
    }

    /**
     * @param clientKey a client key recovered from a proof
     * @return whether its hash is this credential's StoredKey (compared in constant time)
     */
    boolean matchesClientKey(byte[] clientKey) {
        return MessageDigest.isEqual(sha256(clientKey), storedKey);
    }

    /** @return {@code HMAC(StoredKey, authMessage)} */
    byte[] clientSignature(String authMessage) {
        return hmac(storedKey, authMessage);
    }

    /** @return {@code HMAC(ServerKey, authMessage)} */
    byte[] serverSignature(String authMessage) {
        return hmac(serverKey, authMessage);
    }

    static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacSHA256", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ScramCredential[SCRAM-SHA-256, " + iterations + " iterations]";
    }
}
