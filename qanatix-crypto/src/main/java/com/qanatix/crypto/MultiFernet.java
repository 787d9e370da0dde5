package com.qanatix.crypto;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fernet with several keys, compatible with Python's {@code cryptography.fernet.MultiFernet}:
 * the first key (the primary) encrypts, every key is tried to decrypt, and
 * {@link #rotate(String)} re-encrypts a token under the primary key.
 *
 * <p>Key rotation: put the new key first and keep the old ones after it; {@link #rotate}
 * every stored token; then drop the old keys.
 *
 * <p>{@link #fromEnvironment()} reads the keys from {@value #ENVIRONMENT_VARIABLE}: one or
 * more Fernet keys separated by commas, first key primary.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MultiFernet {

    /** The environment variable {@link #fromEnvironment()} reads. */
    public static final String ENVIRONMENT_VARIABLE = "CONNECTOR_ENCRYPTION_KEY";

    private final List<FernetCipher> ciphers;
    private final Clock clock;

    private MultiFernet(Clock clock, List<FernetKey> keys) {
        this.clock = clock;
        List<FernetCipher> list = new ArrayList<>(keys.size());
        for (FernetKey key : keys) {
            list.add(new FernetCipher(key, clock));
        }
        this.ciphers = List.copyOf(list);
    }

    /**
     * Creates a MultiFernet over the given keys with the system clock.
     *
     * @param keys the keys, primary first; at least one
     * @return the MultiFernet
     * @throws IllegalArgumentException if no key is given
     */
    public static MultiFernet of(FernetKey... keys) {
        requireNonNull(keys, "keys is null");
        return of(Arrays.asList(keys));
    }

    /**
     * Creates a MultiFernet over the given keys with the system clock.
     *
     * @param keys the keys, primary first; at least one
     * @return the MultiFernet
     * @throws IllegalArgumentException if the list is empty
     */
    public static MultiFernet of(List<FernetKey> keys) {
        return of(Clock.systemUTC(), keys);
    }

    /**
     * Creates a MultiFernet over the given keys that takes the current time from
     * {@code clock}.
     *
     * @param clock the source of the current time (timestamps of new tokens, TTL checks)
     * @param keys the keys, primary first; at least one
     * @return the MultiFernet
     * @throws IllegalArgumentException if the list is empty
     */
    public static MultiFernet of(Clock clock, List<FernetKey> keys) {
        requireNonNull(clock, "clock is null");
        requireNonNull(keys, "keys is null");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("MultiFernet needs at least one key; the first one encrypts");
        }
        for (int i = 0; i < keys.size(); i++) {
            requireNonNull(keys.get(i), "key #" + (i + 1) + " is null");
        }
        return new MultiFernet(clock, keys);
    }

    /**
     * Reads the keys from the environment variable {@value #ENVIRONMENT_VARIABLE}:
     * comma-separated Fernet keys, the first one primary, spaces around each key ignored.
     *
     * @return the MultiFernet
     * @throws KeyConfigurationException if the variable is not set, is empty, or holds a key
     *     that is not a valid Fernet key (the message names its position, never its text)
     */
    public static MultiFernet fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads the keys from {@value #ENVIRONMENT_VARIABLE} in the given environment map, as
     * {@link #fromEnvironment()} does with the process environment.
     *
     * @param environment the environment, such as {@link System#getenv()}
     * @return the MultiFernet
     * @throws KeyConfigurationException if the variable is not set, is empty, or holds a key
     *     that is not a valid Fernet key
     */
    public static MultiFernet fromEnvironment(Map<String, String> environment) {
        requireNonNull(environment, "environment is null");
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value == null) {
            throw new KeyConfigurationException(ENVIRONMENT_VARIABLE + " is not set. Set it to one or more"
                    + " comma-separated Fernet keys (the first encrypts, all decrypt). "
                    + KeyConfigurationException.HOW_TO_GENERATE);
        }
        return parseKeyList(value, ENVIRONMENT_VARIABLE);
    }

    /**
     * Parses a comma-separated list of Fernet keys, the first one primary, spaces around each
     * key ignored; the same format as {@value #ENVIRONMENT_VARIABLE}.
     *
     * @param commaSeparated the key list
     * @return the MultiFernet
     * @throws KeyConfigurationException if the list is empty or holds a key that is not a
     *     valid Fernet key (the message names its position, never its text)
     */
    public static MultiFernet fromKeyList(String commaSeparated) {
        requireNonNull(commaSeparated, "commaSeparated is null");
        return parseKeyList(commaSeparated, "Fernet key list");
    }

    private static MultiFernet parseKeyList(String value, String source) {
        if (value.isBlank()) {
            throw new KeyConfigurationException(source + " is empty. Set it to one or more comma-separated"
                    + " Fernet keys (the first encrypts, all decrypt). " + KeyConfigurationException.HOW_TO_GENERATE);
        }
        String[] parts = value.split(",", -1);
        List<FernetKey> keys = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            keys.add(FernetKey.parse(parts[i], source + ": key #" + (i + 1) + " of " + parts.length));
        }
        return new MultiFernet(Clock.systemUTC(), keys);
    }

    /**
     * Encrypts bytes under the primary key, stamped with the current time.
     *
     * @param plaintext the bytes to encrypt (may be empty)
     * @return the token
     */
    public String encrypt(byte[] plaintext) {
        return ciphers.get(0).encrypt(plaintext);
    }

    /**
     * Encrypts the UTF-8 bytes of a string under the primary key.
     *
     * @param plaintext the text to encrypt (may be empty)
     * @return the token
     */
    public String encrypt(String plaintext) {
        return ciphers.get(0).encrypt(plaintext);
    }

    /**
     * Decrypts a token made with any of the keys, without checking its age.
     *
     * @param token the token
     * @return the plaintext bytes
     * @throws InvalidTokenException if no key decrypts the token
     */
    public byte[] decrypt(String token) {
        requireNonNull(token, "token is null");
        return decryptData(FernetCipher.decodeToken(token), null, 0);
    }

    /**
     * Decrypts a token made with any of the keys that must not be older than {@code ttl}
     * (nor more than 60 seconds in the future) by this instance's clock.
     *
     * @param token the token
     * @param ttl the time-to-live, not negative; whole seconds count
     * @return the plaintext bytes
     * @throws InvalidTokenException if no key decrypts the token, or it has expired or is too
     *     far in the future
     */
    public byte[] decrypt(String token, Duration ttl) {
        requireNonNull(token, "token is null");
        return decrypt(token, ttl, clock.instant());
    }

    /**
     * Decrypts a token as of the instant {@code now}; the counterpart of Python's
     * {@code MultiFernet.decrypt_at_time}.
     *
     * @param token the token
     * @param ttl the time-to-live, not negative; whole seconds count
     * @param now the instant to check the token's age against
     * @return the plaintext bytes
     * @throws InvalidTokenException if no key decrypts the token, or it has expired or is too
     *     far in the future
     */
    public byte[] decrypt(String token, Duration ttl, Instant now) {
        requireNonNull(token, "token is null");
        Long ttlSeconds = FernetCipher.ttlSeconds(ttl);
        requireNonNull(now, "now is null");
        return decryptData(FernetCipher.decodeToken(token), ttlSeconds, now.getEpochSecond());
    }

    /**
     * Decrypts a token made with any of the keys and decodes the plaintext as UTF-8.
     *
     * @param token the token
     * @return the plaintext text
     * @throws InvalidTokenException if no key decrypts the token
     * @throws IllegalArgumentException if the plaintext is not valid UTF-8
     */
    public String decryptToString(String token) {
        return FernetCipher.utf8(decrypt(token));
    }

    /**
     * Decrypts a token that must not be older than {@code ttl} and decodes the plaintext as
     * UTF-8.
     *
     * @param token the token
     * @param ttl the time-to-live, not negative; whole seconds count
     * @return the plaintext text
     * @throws InvalidTokenException if no key decrypts the token, or it has expired or is too
     *     far in the future
     * @throws IllegalArgumentException if the plaintext is not valid UTF-8
     */
    public String decryptToString(String token, Duration ttl) {
        return FernetCipher.utf8(decrypt(token, ttl));
    }

    /**
     * Re-encrypts a token under the primary key, exactly as Python's
     * {@code MultiFernet.rotate}: the token is decrypted with whichever key matches (its age is
     * not checked), and encrypted again under the primary key with a fresh IV, keeping the
     * original timestamp, so a time-to-live still counts from when the data was first
     * encrypted.
     *
     * @param token a token made with any of the keys
     * @return an equivalent token under the primary key
     * @throws InvalidTokenException if no key decrypts the token
     */
    public String rotate(String token) {
        requireNonNull(token, "token is null");
        byte[] data = FernetCipher.decodeToken(token);
        byte[] plaintext = decryptData(data, null, 0);
        try {
            return ciphers.get(0).encrypt(plaintext, FernetCipher.timestampOf(data), FernetCipher.randomIv());
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Returns the timestamp of a token made with any of the keys, after verifying its HMAC;
     * the counterpart of Python's {@code MultiFernet.extract_timestamp}.
     *
     * @param token the token
     * @return the token's timestamp in seconds since the epoch
     * @throws InvalidTokenException if the token is malformed or no key's HMAC matches
     */
    public long extractTimestamp(String token) {
        requireNonNull(token, "token is null");
        byte[] data = FernetCipher.decodeToken(token);
        for (FernetCipher cipher : ciphers) {
            if (cipher.signatureMatches(data)) {
                return FernetCipher.timestampOf(data);
            }
        }
        throw noKeyMatches();
    }

    /**
     * Returns the primary key: the one that encrypts.
     *
     * @return the first key
     */
    public FernetKey primaryKey() {
        return ciphers.get(0).key();
    }

    /**
     * Returns how many keys this instance decrypts with.
     *
     * @return the number of keys, at least one
     */
    public int keyCount() {
        return ciphers.size();
    }

    /**
     * Returns all keys, primary first.
     *
     * @return an unmodifiable list of the keys
     */
    public List<FernetKey> keys() {
        List<FernetKey> keys = new ArrayList<>(ciphers.size());
        for (FernetCipher cipher : ciphers) {
            keys.add(cipher.key());
        }
        return List.copyOf(keys);
    }

    /**
     * Returns a text with the number of keys and never key material, such as
     * {@code MultiFernet[keys=2]}.
     *
     * @return a description without key material
     */
    @Override
    public String toString() {
        return "MultiFernet[keys=" + ciphers.size() + "]";
    }

    /**
     * Like Python: every key is tried, and any key that fails (wrong HMAC, expired, bad
     * padding) passes the token on to the next. The reported reason is that of the first key
     * whose HMAC matched, if any.
     */
    private byte[] decryptData(byte[] data, Long ttlSeconds, long nowSeconds) {
        InvalidTokenException firstFailure = null;
        for (FernetCipher cipher : ciphers) {
            if (!cipher.signatureMatches(data)) {
                continue;
            }
            try {
                return cipher.decryptVerified(data, ttlSeconds, nowSeconds);
            } catch (InvalidTokenException e) {
                if (firstFailure == null) {
                    firstFailure = e;
                }
            }
        }
        throw firstFailure != null ? firstFailure : noKeyMatches();
    }

    private InvalidTokenException noKeyMatches() {
        return new InvalidTokenException("Fernet token's signature matches none of the " + ciphers.size()
                + " keys (wrong keys, or the token was modified)");
    }
}
