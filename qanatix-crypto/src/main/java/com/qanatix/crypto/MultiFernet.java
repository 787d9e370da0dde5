package com.qanatix.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Fernet with key rotation, compatible with Python's {@code MultiFernet}: the first key encrypts,
 * every key is tried to decrypt, and {@link #rotate(String)} re-encrypts a token under the first key
 * keeping its original timestamp. Immutable and safe to share between threads.
 */
public final class MultiFernet {
    /** The environment variable {@link #fromEnvironment()} reads. */
    public static final String ENVIRONMENT_VARIABLE = "CONNECTOR_ENCRYPTION_KEY";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<FernetKey> keys;
    private final List<FernetCipher> ciphers;
    private final Clock clock;

    private MultiFernet(Clock clock, List<FernetKey> keys) {
        requireNonNull(keys, "keys is null");
        if (keys.isEmpty()) {
            throw new KeyConfigurationException("MultiFernet needs at least one key");
        }
        this.clock = requireNonNull(clock, "clock is null");
        this.keys = List.copyOf(keys);
        List<FernetCipher> c = new ArrayList<>();
        for (FernetKey k : this.keys) {
            c.add(new FernetCipher(k, clock));
        }
        this.ciphers = List.copyOf(c);
    }

    /**
     * @param keys the keys, primary first
     * @return the MultiFernet
     */
    public static MultiFernet of(FernetKey... keys) {
        return of(List.of(requireNonNull(keys, "keys is null")));
    }

    /**
     * @param keys the keys, primary first
     * @return the MultiFernet
     */
    public static MultiFernet of(List<FernetKey> keys) {
        return new MultiFernet(Clock.systemUTC(), keys);
    }

    /**
     * @param clock the time source
     * @param keys the keys, primary first
     * @return the MultiFernet
     */
    public static MultiFernet of(Clock clock, List<FernetKey> keys) {
        return new MultiFernet(clock, keys);
    }

    /**
     * Reads {@code CONNECTOR_ENCRYPTION_KEY}: comma-separated keys, primary first.
     *
     * @return the MultiFernet
     * @throws KeyConfigurationException when the variable is missing, empty or holds a bad key
     */
    public static MultiFernet fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * @param environment an environment (for tests)
     * @return the MultiFernet from its {@code CONNECTOR_ENCRYPTION_KEY}
     */
    public static MultiFernet fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value == null) {
            throw new KeyConfigurationException(ENVIRONMENT_VARIABLE + " is not set: set it to one or more "
                    + "comma-separated Fernet keys, primary first (generate one with FernetKey.generate().encoded())");
        }
        return fromKeyList(value);
    }

    /**
     * @param commaSeparated keys, primary first; spaces around each are trimmed
     * @return the MultiFernet
     * @throws KeyConfigurationException naming the position of a bad key, never its text
     */
    public static MultiFernet fromKeyList(String commaSeparated) {
        requireNonNull(commaSeparated, "commaSeparated is null");
        if (commaSeparated.isBlank()) {
            throw new KeyConfigurationException(ENVIRONMENT_VARIABLE + " is empty: set it to one or more "
                    + "comma-separated Fernet keys, primary first");
        }
        String[] parts = commaSeparated.split(",", -1);
        List<FernetKey> keys = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.isEmpty()) {
                throw new KeyConfigurationException("key #" + (i + 1) + " of " + parts.length + " in "
                        + ENVIRONMENT_VARIABLE + " is empty (stray comma?)");
            }
            try {
                keys.add(FernetKey.fromString(part));
            } catch (KeyConfigurationException e) {
                throw new KeyConfigurationException("key #" + (i + 1) + " of " + parts.length + " in "
                        + ENVIRONMENT_VARIABLE + " is invalid: " + e.getMessage());
            }
        }
        return new MultiFernet(Clock.systemUTC(), keys);
    }

    /** @return the key that encrypts */
    public FernetKey primaryKey() {
        return keys.get(0);
    }

    /** @return how many keys decrypt */
    public int keyCount() {
        return keys.size();
    }

    /**
     * @param plaintext bytes
     * @return a token under the primary key
     */
    public String encrypt(byte[] plaintext) {
        return ciphers.get(0).encrypt(plaintext);
    }

    /**
     * @param plaintext UTF-8 text
     * @return a token under the primary key
     */
    public String encrypt(String plaintext) {
        return ciphers.get(0).encrypt(plaintext);
    }

    /**
     * @param token a token made with any of the keys
     * @return the plaintext
     * @throws InvalidTokenException when no key accepts it
     */
    public byte[] decrypt(String token) {
        return decrypt(token, null, clock.instant());
    }

    /**
     * @param token a token made with any of the keys
     * @param ttl its maximum age
     * @return the plaintext
     */
    public byte[] decrypt(String token, Duration ttl) {
        return decrypt(token, requireNonNull(ttl, "ttl is null"), clock.instant());
    }

    /**
     * @param token a token
     * @param ttl its maximum age, or null
     * @param now the current time
     * @return the plaintext
     */
    public byte[] decrypt(String token, Duration ttl, Instant now) {
        InvalidTokenException last = null;
        for (FernetCipher c : ciphers) {
            try {
                return c.decrypt(token, ttl, now);
            } catch (InvalidTokenException e) {
                last = e;
            }
        }
        throw keys.size() == 1 ? last : new InvalidTokenException("no key accepts the token (tried " + keys.size()
                + "): wrong keys, altered or malformed token, or outside its TTL");
    }

    /**
     * @param token a token
     * @return the plaintext as UTF-8 text
     */
    public String decryptToString(String token) {
        return new String(decrypt(token), StandardCharsets.UTF_8);
    }

    /**
     * Re-encrypts a token under the primary key, keeping its original timestamp (Python's
     * {@code MultiFernet.rotate}).
     *
     * @param token a token made with any of the keys
     * @return a token under the primary key
     * @throws InvalidTokenException when no key accepts it
     */
    public String rotate(String token) {
        for (FernetCipher c : ciphers) {
            long timestamp;
            try {
                timestamp = c.extractTimestamp(token);
            } catch (InvalidTokenException e) {
                continue;
            }
            byte[] plaintext = c.decrypt(token, null, clock.instant());
            byte[] iv = new byte[16];
            RANDOM.nextBytes(iv);
            return ciphers.get(0).encrypt(plaintext, timestamp, iv);
        }
        throw new InvalidTokenException("no key accepts the token to rotate");
    }

    /** @return a description without key material */
    @Override
    public String toString() {
        return "MultiFernet[" + keys.size() + " keys, ***]";
    }
}
