package com.qanatix.crypto;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;

/**
 * Fernet encryption with one key, compatible byte for byte with Python's
 * {@code cryptography.fernet.Fernet}.
 *
 * <p>A token is the padded base64url encoding of
 * {@code 0x80 ‖ timestamp (8 bytes, big-endian seconds) ‖ IV (16) ‖ AES-128-CBC ciphertext
 * (PKCS7 padding) ‖ HMAC-SHA256 of everything before it}. Decryption checks the HMAC in
 * constant time before anything is decrypted; every rejected token raises
 * {@link InvalidTokenException}.
 *
 * <p>Time-to-live checks follow Python exactly. When a TTL is given, a token is rejected if
 * {@code timestamp + ttl < now} (expired) or if {@code now + 60 < timestamp} (more than 60
 * seconds of clock skew into the future). Without a TTL, the timestamp is not checked.
 * Times are whole seconds since the epoch; a TTL's fractional second is ignored.
 *
 * <p>Tokens are read with surrounding whitespace ignored and with or without {@code =}
 * padding; tokens are always written padded, as Python writes them.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FernetCipher {

    static final byte VERSION = (byte) 0x80;
    static final long MAX_CLOCK_SKEW_SECONDS = 60;
    static final int TIMESTAMP_OFFSET = 1;
    static final int IV_OFFSET = 9;
    static final int IV_BYTES = 16;
    static final int CIPHERTEXT_OFFSET = IV_OFFSET + IV_BYTES;
    static final int BLOCK_BYTES = 16;
    static final int HMAC_BYTES = 32;
    /** Version, timestamp, IV, one block of ciphertext, HMAC. */
    static final int MIN_TOKEN_BYTES = CIPHERTEXT_OFFSET + BLOCK_BYTES + HMAC_BYTES;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final FernetKey key;
    private final Clock clock;

    /**
     * Creates a cipher that takes the current time from the system clock.
     *
     * @param key the key to encrypt and decrypt with
     */
    public FernetCipher(FernetKey key) {
        this(key, Clock.systemUTC());
    }

    /**
     * Creates a cipher that takes the current time from {@code clock}: the timestamp of new
     * tokens, and "now" for time-to-live checks.
     *
     * @param key the key to encrypt and decrypt with
     * @param clock the source of the current time
     */
    public FernetCipher(FernetKey key, Clock clock) {
        this.key = requireNonNull(key, "key is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Encrypts bytes into a token stamped with the current time and a fresh random IV.
     *
     * @param plaintext the bytes to encrypt (may be empty)
     * @return the token, padded base64url
     */
    public String encrypt(byte[] plaintext) {
        requireNonNull(plaintext, "plaintext is null");
        return encrypt(plaintext, currentSeconds(clock), randomIv());
    }

    /**
     * Encrypts the UTF-8 bytes of a string into a token stamped with the current time.
     *
     * @param plaintext the text to encrypt (may be empty)
     * @return the token, padded base64url
     */
    public String encrypt(String plaintext) {
        requireNonNull(plaintext, "plaintext is null");
        return encrypt(plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Encrypts with a given timestamp and IV; the counterpart of Python's
     * {@code Fernet._encrypt_from_parts} / {@code encrypt_at_time}.
     *
     * <p><strong>For tests and interoperability checks only</strong> (for example reproducing
     * the Fernet specification's vectors byte for byte). Reusing an IV with the same key is a
     * security flaw; production code must call {@link #encrypt(byte[])}, which draws a fresh
     * random IV.
     *
     * @param plaintext the bytes to encrypt (may be empty)
     * @param timestampSeconds the token's timestamp, seconds since the epoch, not negative
     * @param iv the 16-byte initialization vector
     * @return the token, padded base64url
     * @throws IllegalArgumentException if the timestamp is negative or the IV is not 16 bytes
     */
    public String encrypt(byte[] plaintext, long timestampSeconds, byte[] iv) {
        requireNonNull(plaintext, "plaintext is null");
        requireNonNull(iv, "iv is null");
        if (timestampSeconds < 0) {
            throw new IllegalArgumentException("timestampSeconds must not be negative: " + timestampSeconds);
        }
        if (iv.length != IV_BYTES) {
            throw new IllegalArgumentException("iv must be 16 bytes, got " + iv.length);
        }
        byte[] ciphertext;
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, key.encryptionKey(), new IvParameterSpec(iv));
            ciphertext = aes.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC/PKCS5Padding is not usable in this JDK", e);
        }
        byte[] token = new byte[CIPHERTEXT_OFFSET + ciphertext.length + HMAC_BYTES];
        token[0] = VERSION;
        ByteBuffer.wrap(token, TIMESTAMP_OFFSET, 8).putLong(timestampSeconds);
        System.arraycopy(iv, 0, token, IV_OFFSET, IV_BYTES);
        System.arraycopy(ciphertext, 0, token, CIPHERTEXT_OFFSET, ciphertext.length);
        byte[] hmac = hmac(token, token.length - HMAC_BYTES);
        System.arraycopy(hmac, 0, token, token.length - HMAC_BYTES, HMAC_BYTES);
        return Base64.getUrlEncoder().encodeToString(token);
    }

    /**
     * Decrypts a token without checking its age.
     *
     * @param token the token
     * @return the plaintext bytes
     * @throws InvalidTokenException if the token is not valid for this key
     */
    public byte[] decrypt(String token) {
        requireNonNull(token, "token is null");
        return decryptData(decodeToken(token), null, 0);
    }

    /**
     * Decrypts a token that must not be older than {@code ttl} (and not more than 60 seconds
     * in the future) by this cipher's clock.
     *
     * @param token the token
     * @param ttl the time-to-live, not negative; whole seconds count
     * @return the plaintext bytes
     * @throws InvalidTokenException if the token is not valid for this key, has expired or is
     *     too far in the future
     */
    public byte[] decrypt(String token, Duration ttl) {
        requireNonNull(token, "token is null");
        return decrypt(token, ttl, clock.instant());
    }

    /**
     * Decrypts a token as of the instant {@code now}; the counterpart of Python's
     * {@code Fernet.decrypt_at_time}.
     *
     * @param token the token
     * @param ttl the time-to-live, not negative; whole seconds count
     * @param now the instant to check the token's age against
     * @return the plaintext bytes
     * @throws InvalidTokenException if the token is not valid for this key, has expired or is
     *     too far in the future
     */
    public byte[] decrypt(String token, Duration ttl, Instant now) {
        requireNonNull(token, "token is null");
        long ttlSeconds = ttlSeconds(ttl);
        requireNonNull(now, "now is null");
        return decryptData(decodeToken(token), ttlSeconds, now.getEpochSecond());
    }

    /**
     * Decrypts a token without checking its age and decodes the plaintext as UTF-8.
     *
     * @param token the token
     * @return the plaintext text
     * @throws InvalidTokenException if the token is not valid for this key
     * @throws IllegalArgumentException if the plaintext is not valid UTF-8
     */
    public String decryptToString(String token) {
        return utf8(decrypt(token));
    }

    /**
     * Decrypts a token that must not be older than {@code ttl} and decodes the plaintext as
     * UTF-8.
     *
     * @param token the token
     * @param ttl the time-to-live, not negative; whole seconds count
     * @return the plaintext text
     * @throws InvalidTokenException if the token is not valid for this key, has expired or is
     *     too far in the future
     * @throws IllegalArgumentException if the plaintext is not valid UTF-8
     */
    public String decryptToString(String token, Duration ttl) {
        return utf8(decrypt(token, ttl));
    }

    /**
     * Returns the timestamp of a token, in seconds since the epoch, after verifying its HMAC;
     * the counterpart of Python's {@code Fernet.extract_timestamp}. The ciphertext is not
     * decrypted.
     *
     * <p>The timestamp field is an unsigned 64-bit number; a value of 2<sup>63</sup> or more
     * (only possible in a token made on purpose) comes back negative, see
     * {@link Long#toUnsignedString(long)}.
     *
     * @param token the token
     * @return the token's timestamp in seconds since the epoch
     * @throws InvalidTokenException if the token is malformed or its HMAC does not match this
     *     key
     */
    public long extractTimestamp(String token) {
        requireNonNull(token, "token is null");
        byte[] data = decodeToken(token);
        if (!signatureMatches(data)) {
            throw signatureMismatch();
        }
        return timestampOf(data);
    }

    // ---------------------------------------------------------------- package internals

    /** Decrypts token bytes; {@code ttlSeconds == null} means no time check. */
    byte[] decryptData(byte[] data, Long ttlSeconds, long nowSeconds) {
        if (!signatureMatches(data)) {
            throw signatureMismatch();
        }
        return decryptVerified(data, ttlSeconds, nowSeconds);
    }

    /** Checks the time (if a TTL is given) and decrypts token bytes whose HMAC matched. */
    byte[] decryptVerified(byte[] data, Long ttlSeconds, long nowSeconds) {
        if (ttlSeconds != null) {
            checkTime(timestampOf(data), ttlSeconds, nowSeconds);
        }
        int ciphertextLength = data.length - CIPHERTEXT_OFFSET - HMAC_BYTES;
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, key.encryptionKey(), new IvParameterSpec(data, IV_OFFSET, IV_BYTES));
            return aes.doFinal(data, CIPHERTEXT_OFFSET, ciphertextLength);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new InvalidTokenException("Fernet token has invalid padding or block size");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC/PKCS5Padding is not usable in this JDK", e);
        }
    }

    /** Whether the token's HMAC matches this key; compared in constant time. */
    boolean signatureMatches(byte[] data) {
        int signedLength = data.length - HMAC_BYTES;
        byte[] expected = hmac(data, signedLength);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(data, signedLength, data.length));
    }

    FernetKey key() {
        return key;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Decodes a token's base64url text as Python's {@code cryptography} does ({@link PythonBase64}:
     * either alphabet, padding required, extra padding ignored) and checks its structure: version byte, minimum
     * length, whole blocks of ciphertext. Says nothing about the HMAC.
     */
    static byte[] decodeToken(String token) {
        byte[] data;
        try {
            data = PythonBase64.decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("Fernet token is not valid base64url (" + e.getMessage() + ")");
        }
        if (data.length == 0) {
            throw new InvalidTokenException("Fernet token is empty");
        }
        if (data[0] != VERSION) {
            throw new InvalidTokenException("Fernet token has an unknown version byte (expected 0x80)");
        }
        if (data.length < MIN_TOKEN_BYTES) {
            throw new InvalidTokenException("Fernet token is too short (" + data.length + " bytes, at least "
                    + MIN_TOKEN_BYTES + " expected)");
        }
        if ((data.length - CIPHERTEXT_OFFSET - HMAC_BYTES) % BLOCK_BYTES != 0) {
            throw new InvalidTokenException("Fernet token's ciphertext is not a whole number of 16-byte blocks");
        }
        return data;
    }

    static long timestampOf(byte[] data) {
        return ByteBuffer.wrap(data, TIMESTAMP_OFFSET, 8).getLong();
    }

    /** Python: reject if {@code timestamp + ttl < now}, or if {@code now + 60 < timestamp}. */
    static void checkTime(long timestamp, long ttlSeconds, long nowSeconds) {
        // the timestamp is unsigned: a negative long is 2^63 or more, i.e. far in the future
        boolean future = timestamp < 0 || nowSeconds + MAX_CLOCK_SKEW_SECONDS < timestamp;
        boolean expired = !future && timestamp <= Long.MAX_VALUE - ttlSeconds && timestamp + ttlSeconds < nowSeconds;
        if (expired) {
            throw new InvalidTokenException("Fernet token has expired (older than its time-to-live of "
                    + ttlSeconds + " s)");
        }
        if (future) {
            throw new InvalidTokenException("Fernet token's timestamp is more than "
                    + MAX_CLOCK_SKEW_SECONDS + " s in the future (clock skew)");
        }
    }

    static Long ttlSeconds(Duration ttl) {
        requireNonNull(ttl, "ttl is null");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: " + ttl);
        }
        return ttl.getSeconds();
    }

    static long currentSeconds(Clock clock) {
        return clock.instant().getEpochSecond();
    }

    static byte[] randomIv() {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        return iv;
    }

    static InvalidTokenException signatureMismatch() {
        return new InvalidTokenException(
                "Fernet token's signature does not match the key (wrong key, or the token was modified)");
    }

    static String utf8(byte[] plaintext) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plaintext))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("decrypted plaintext is not valid UTF-8; use decrypt() for binary data");
        }
    }

    private byte[] hmac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key.signingKey());
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not usable in this JDK", e);
        }
    }

    /**
     * Returns {@code FernetCipher[key=FernetKey[***]]}: never key material.
     *
     * @return a placeholder text
     */
    @Override
    public String toString() {
        return "FernetCipher[key=" + key + "]";
    }
}
