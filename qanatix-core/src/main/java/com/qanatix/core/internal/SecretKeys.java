package com.qanatix.core.internal;

import com.qanatix.core.spi.ConnectorProvider;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which keys of a {@code connection_config} hold secrets: every key, at any depth, unless the
 * provider lists it as non-secret ({@link ConnectorProvider#nonSecretConfigKeys()}); a key the
 * provider lists as secret ({@link ConnectorProvider#secretConfigKeys()}) or a well-known secret name
 * ({@code password}, {@code token}, ...) is secret even when also listed as non-secret. Names compare
 * without case.
 */
public final class SecretKeys {
    /** Key names treated as secret whatever the provider declares. */
    static final Set<String> ALWAYS_SECRET = Set.of("password", "passwd", "pwd", "secret", "token",
            "api_key", "apikey", "access_key", "secret_key", "private_key", "credentials", "client_secret");

    private static final SecretKeys ALL = new SecretKeys(Set.of(), Set.of());

    private final Set<String> secret;
    private final Set<String> nonSecret;

    private SecretKeys(Set<String> secret, Set<String> nonSecret) {
        this.secret = secret;
        this.nonSecret = nonSecret;
    }

    /**
     * @param provider a connector type
     * @return its secret keys
     */
    public static SecretKeys of(ConnectorProvider provider) {
        return of(provider.secretConfigKeys(), provider.nonSecretConfigKeys());
    }

    /**
     * @param secret keys always secret
     * @param nonSecret keys whose values are not secret, unless also in {@code secret}
     * @return the rule
     */
    public static SecretKeys of(Collection<String> secret, Collection<String> nonSecret) {
        return new SecretKeys(lower(secret), lower(nonSecret));
    }

    /** @return every key secret: for a connector type that is not known */
    public static SecretKeys all() {
        return ALL;
    }

    private static Set<String> lower(Collection<String> keys) {
        Set<String> out = new LinkedHashSet<>();
        keys.forEach(k -> out.add(k.toLowerCase(Locale.ROOT)));
        return Set.copyOf(out);
    }

    /**
     * @param key a key of the configuration, or of a map nested in it
     * @return whether its value is a secret
     */
    public boolean isSecret(String key) {
        return isDeclaredSecret(key) || !nonSecret.contains(key.toLowerCase(Locale.ROOT));
    }

    /**
     * @param key a key
     * @return whether it is named secret (by the provider, or as a well-known secret name): then
     *     everything under it is secret, a nested map included
     */
    public boolean isDeclaredSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return secret.contains(k) || ALWAYS_SECRET.contains(k);
    }
}
