package com.qanatix.core.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text that leaves the SDK (error messages, log lines) and masks secret values
 * in configurations.
 *
 * <p>Two layers: generic patterns (a URI's {@code user:password@}, {@code password=...} in JDBC URLs
 * and option strings), and the actual secret values of one connector's configuration, so that a
 * driver message that quotes a password in any other form is still cleaned.
 */
public final class SecretRedactor {
    /** What replaces a secret. */
    public static final String REDACTED = "***REDACTED***";

    /** Key names treated as secret whatever the provider declares. */
    private static final Set<String> ALWAYS_SECRET = Set.of("password", "passwd", "pwd", "secret", "token",
            "api_key", "apikey", "access_key", "secret_key", "private_key", "credentials", "client_secret");

    private static final Pattern URI_USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.\\-]*://[^/?#@\\s:]*:)([^@/\\s]*)@");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|secret|token|api_?key|client_secret)(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^&;,\\s\"')}]+)");
    /** Secrets shorter than this are not searched for in free text (they would shred it); patterns still apply. */
    private static final int MIN_LITERAL_LENGTH = 3;

    private static final SecretRedactor GENERIC = new SecretRedactor(List.of());

    private final List<String> literals;

    private SecretRedactor(List<String> literals) {
        this.literals = literals;
    }

    /** @return a redactor that applies only the generic patterns */
    public static SecretRedactor generic() {
        return GENERIC;
    }

    /**
     * @param config a plaintext connection configuration
     * @param secretKeys the provider's secret key names
     * @return a redactor that also removes every secret value found in {@code config}
     */
    public static SecretRedactor forConfig(Map<String, ?> config, Collection<String> secretKeys) {
        Set<String> keys = new LinkedHashSet<>();
        secretKeys.forEach(k -> keys.add(k.toLowerCase(Locale.ROOT)));
        keys.addAll(ALWAYS_SECRET);
        Set<String> found = new LinkedHashSet<>();
        collect(config, keys, found);
        List<String> literals = new ArrayList<>();
        for (String secret : found) {
            if (secret.length() >= MIN_LITERAL_LENGTH) {
                literals.add(secret);
                String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
                if (!encoded.equals(secret)) {
                    literals.add(encoded);
                    literals.add(encoded.replace("+", "%20"));
                }
            }
        }
        literals.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretRedactor(List.copyOf(literals));
    }

    private static void collect(Object value, Set<String> secretKeys, Set<String> found) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey()).toLowerCase(Locale.ROOT);
                if (secretKeys.contains(key) && e.getValue() != null && !(e.getValue() instanceof Map)
                        && !(e.getValue() instanceof List)) {
                    found.add(String.valueOf(e.getValue()));
                }
                collect(e.getValue(), secretKeys, found);
            }
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, secretKeys, found));
        } else if (value instanceof String s) {
            Matcher m = URI_USERINFO.matcher(s);
            while (m.find()) {
                String password = m.group(2);
                if (!password.isEmpty()) {
                    found.add(password);
                    try {
                        found.add(URLDecoder.decode(password, StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        // not valid percent-encoding: the raw form is already collected
                    }
                }
            }
            Matcher kv = KEY_VALUE.matcher(s);
            while (kv.find()) {
                found.add(unquote(kv.group(3)));
            }
        }
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /**
     * @param text any text, may be null
     * @return the text with every secret replaced by {@value #REDACTED}
     */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String literal : literals) {
            if (out.contains(literal)) {
                out = out.replace(literal, REDACTED);
            }
        }
        out = URI_USERINFO.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + REDACTED + "@"));
        out = KEY_VALUE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + REDACTED));
        return out;
    }

    /**
     * @param config a configuration
     * @param secretKeys the provider's secret key names
     * @return a copy fit for logs: secret values and URI passwords masked, recursively
     */
    public static Map<String, Object> mask(Map<String, ?> config, Collection<String> secretKeys) {
        Set<String> keys = new LinkedHashSet<>();
        secretKeys.forEach(k -> keys.add(k.toLowerCase(Locale.ROOT)));
        keys.addAll(ALWAYS_SECRET);
        SecretRedactor redactor = forConfig(config, secretKeys);
        return maskMap(config, keys, redactor);
    }

    private static Map<String, Object> maskMap(Map<?, ?> map, Set<String> keys, SecretRedactor redactor) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (keys.contains(key.toLowerCase(Locale.ROOT)) && v != null) {
                out.put(key, REDACTED);
            } else if (v instanceof Map<?, ?> m) {
                out.put(key, maskMap(m, keys, redactor));
            } else if (v instanceof String s) {
                out.put(key, redactor.redact(s));
            } else {
                out.put(key, v);
            }
        }
        return out;
    }

    /**
     * Describes an exception for a message: its own message and its root cause's, redacted. Never
     * the stack trace, whose messages may carry secrets.
     *
     * @param error an exception
     * @return a one-line redacted description
     */
    public String describe(Throwable error) {
        StringBuilder sb = new StringBuilder();
        String own = error.getMessage();
        if (!(error instanceof com.qanatix.core.spi.QanatixException)) {
            sb.append(error.getClass().getSimpleName());
            if (own != null) {
                sb.append(": ");
            }
        }
        if (own != null) {
            sb.append(own);
        }
        Throwable root = error;
        int depth = 0;
        while (root.getCause() != null && root.getCause() != root && depth++ < 10) {
            root = root.getCause();
        }
        if (root != error && root.getMessage() != null && (own == null || !own.contains(root.getMessage()))) {
            sb.append(" (caused by ").append(root.getClass().getSimpleName()).append(": ")
                    .append(root.getMessage()).append(')');
        }
        return redact(sb.toString());
    }
}
