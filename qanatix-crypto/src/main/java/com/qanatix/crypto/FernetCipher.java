package com.qanatix.crypto;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/**
 * Fernet (specification version 0x80) with one key, compatible with Python's
 * {@code cryptography.fernet.Fernet}: AES-128-CBC with PKCS7 padding, HMAC-SHA256 over
 * version ‖ timestamp ‖ IV ‖ ciphertext, URL-safe base64 tokens.
 *
 * <p>Decryption verifies the HMAC in constant time before anything is decrypted. Immutable and
 * safe to share between threads.
 */
public final class FernetCipher {
    static final byte VERSION = (byte) 0x80;
    /** Tokens stamped further than this in the future are rejected when a TTL is checked, as Python. */
    static final long MAX_CLOCK_SKEW_SECONDS = 60;
    private static final int HEADER = 1 + 8 + 16;
    private static final int HMAC_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec signingKey;
    private final SecretKeySpec encryptionKey;
    private final Clock clock;

    /** @param key the key */
    public FernetCipher(FernetKey key) {
        this(key, Clock.systemUTC());
    }

    /**
     * @param key the key
     * @param clock the time source for token timestamps and TTL checks (inject one in tests)
     */
    public FernetCipher(FernetKey key, Clock clock) {
        requireNonNull(key, "key is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.signingKey = new SecretKeySpec(key.signingKey(), "HmacSHA256");
        this.encryptionKey = new SecretKeySpec(key.encryptionKey(), "AES");
    }

    /**
     * @param plaintext bytes to encrypt
     * @return the token
     */
    public String encrypt(byte[] plaintext) {
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        return encrypt(plaintext, clock.instant().getEpochSecond(), iv);
    }

    /**
     * @param plaintext text to encrypt as UTF-8
     * @return the token
     */
    public String encrypt(String plaintext) {
        return encrypt(requireNonNull(plaintext, "plaintext is null").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Encrypts with a given timestamp and IV, like Python's {@code encrypt_at_time}. For test
     * vectors and key rotation only: never reuse an IV.
     *
     * @param plaintext bytes to encrypt
     * @param timestampSeconds the token's timestamp, seconds since the epoch
     * @param iv 16 bytes
     * @return the token
     */
    public String encrypt(byte[] plaintext, long timestampSeconds, byte[] iv) {
        requireNonNull(plaintext, "plaintext is null");
        requireNonNull(iv, "iv is null");
        if (iv.length != 16) {
            throw new IllegalArgumentException("iv must be 16 bytes");
        }
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, encryptionKey, new IvParameterSpec(iv));
            byte[] ciphertext = aes.doFinal(plaintext);
            ByteBuffer token = ByteBuffer.allocate(HEADER + ciphertext.length + HMAC_LENGTH);
            token.put(VERSION).putLong(timestampSeconds).put(iv).put(ciphertext);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signingKey);
            mac.update(token.array(), 0, token.position());
            token.put(mac.doFinal());
            return Base64.getUrlEncoder().encodeToString(token.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128-CBC and HmacSHA256 are required by every Java platform", e);
        }
    }

    /**
     * @param token a token
     * @return the plaintext
     * @throws InvalidTokenException when the token is not valid under this key
     */
    public byte[] decrypt(String token) {
        return decrypt(token, null, clock.instant());
    }

    /**
     * @param token a token
     * @param ttl the token's maximum age
     * @return the plaintext
     * @throws InvalidTokenException when invalid, older than {@code ttl}, or stamped more than 60 s
     *     in the future
     */
    public byte[] decrypt(String token, Duration ttl) {
        return decrypt(token, requireNonNull(ttl, "ttl is null"), clock.instant());
    }

    /**
     * Decrypts as of a given time, like Python's {@code decrypt_at_time}.
     *
     * @param token a token
     * @param ttl the maximum age, or null for none
     * @param now the current time
     * @return the plaintext
     * @throws InvalidTokenException when invalid or outside its TTL
     */
    public byte[] decrypt(String token, Duration ttl, Instant now) {
        byte[] data = verify(token);
        if (ttl != null) {
            long timestamp = ByteBuffer.wrap(data, 1, 8).getLong();
            long current = now.getEpochSecond();
            if (timestamp + ttl.getSeconds() < current) {
                throw new InvalidTokenException("the token has expired");
            }
            if (current + MAX_CLOCK_SKEW_SECONDS < timestamp) {
                throw new InvalidTokenException("the token's timestamp is too far in the future");
            }
        }
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, encryptionKey, new IvParameterSpec(data, 9, 16));
            return aes.doFinal(data, HEADER, data.length - HEADER - HMAC_LENGTH);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new InvalidTokenException("the token's ciphertext has invalid padding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128-CBC is required by every Java platform", e);
        }
    }

    /**
     * @param token a token
     * @return the plaintext as UTF-8 text
     */
    public String decryptToString(String token) {
        return new String(decrypt(token), StandardCharsets.UTF_8);
    }

    /**
     * @param token a token
     * @param ttl the maximum age
     * @return the plaintext as UTF-8 text
     */
    public String decryptToString(String token, Duration ttl) {
        return new String(decrypt(token, ttl), StandardCharsets.UTF_8);
    }

    /**
     * Returns a token's timestamp after verifying its HMAC, like Python's {@code extract_timestamp}.
     *
     * @param token a token
     * @return its timestamp, seconds since the epoch
     */
    public long extractTimestamp(String token) {
        return ByteBuffer.wrap(verify(token), 1, 8).getLong();
    }

    /** Decodes, checks structure and version, and verifies the HMAC in constant time. */
    private byte[] verify(String token) {
        requireNonNull(token, "token is null");
        byte[] data;
        try {
            data = Base64.getUrlDecoder().decode(token.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("the token is not URL-safe base64");
        }
        if (data.length < HEADER + HMAC_LENGTH + 16 || (data.length - HEADER - HMAC_LENGTH) % 16 != 0) {
            throw new InvalidTokenException("the token is truncated or malformed");
        }
        if (data[0] != VERSION) {
            throw new InvalidTokenException("the token has an unknown version");
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signingKey);
            mac.update(data, 0, data.length - HMAC_LENGTH);
            expected = mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
        byte[] actual = Arrays.copyOfRange(data, data.length - HMAC_LENGTH, data.length);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new InvalidTokenException("the token's signature does not match: wrong key or altered token");
        }
        return data;
    }

    /** @return a description without key material */
    @Override
    public String toString() {
        return "FernetCipher[key=***]";
    }
}
