package com.qanatix.core.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
 * driver message that quotes a password in any other form is still cleaned. Which values are
 * secret is {@link SecretKeys}' rule: every string value whose key the provider does not list as
 * non-secret, with the passwords inside URIs and {@code password=} options of any value.
 */
public final class SecretRedactor {
    /** What replaces a secret. */
    public static final String REDACTED = "***REDACTED***";

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
     * @param secretKeys which of its keys hold secrets
     * @return a redactor that also removes every secret value found in {@code config}
     */
    public static SecretRedactor forConfig(Map<String, ?> config, SecretKeys secretKeys) {
        Set<String> found = new LinkedHashSet<>();
        collect(config, secretKeys, false, found);
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

    /**
     * Collects the secret strings: the value of every secret key (each string of a list under one,
     * everything under a declared secret key), and the passwords inside any string. Numbers and
     * booleans are not searched for in text.
     */
    private static void collect(Object value, SecretKeys secretKeys, boolean secret, Set<String> found) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                boolean declared = secret || secretKeys.isDeclaredSecret(key);
                // A nested map's keys are judged one by one, unless a declared secret key holds it.
                collect(e.getValue(), secretKeys, e.getValue() instanceof Map ? declared
                        : declared || secretKeys.isSecret(key), found);
            }
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, secretKeys, secret, found));
        } else if (value instanceof String s) {
            if (secret && !s.isEmpty()) {
                found.add(s);
            }
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
     * @param secretKeys which of its keys hold secrets
     * @return a copy fit for logs: the value of every secret key masked (lists under one too), URI
     *     passwords masked in the rest, recursively
     */
    public static Map<String, Object> mask(Map<String, ?> config, SecretKeys secretKeys) {
        return maskMap(config, secretKeys, forConfig(config, secretKeys));
    }

    private static Map<String, Object> maskMap(Map<?, ?> map, SecretKeys keys, SecretRedactor redactor) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m && !keys.isDeclaredSecret(key)) {
                out.put(key, maskMap(m, keys, redactor));
            } else if (v != null && keys.isSecret(key)) {
                out.put(key, REDACTED);
            } else if (v instanceof String s) {
                out.put(key, redactor.redact(s));
            } else if (v instanceof List<?> list) {
                out.put(key, list.stream().map(x -> x instanceof String s ? redactor.redact(s) : x).toList());
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
