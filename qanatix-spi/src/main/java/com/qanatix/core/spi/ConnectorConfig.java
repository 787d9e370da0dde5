package com.qanatix.core.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A connector's decrypted {@code connection_config}, as a read-only view with typed accessors
 * whose errors name the offending field.
 *
 * <p>Values are what JSON holds: {@code String}, {@code Long}/{@code Double}/{@code BigDecimal},
 * {@code Boolean}, {@code Map<String,Object>}, {@code List<Object>}. An instance exists only while a
 * connector is validated or pulled; it is never logged, and its {@link #toString()} shows only the
 * key names.
 */
public final class ConnectorConfig {
    private final Map<String, Object> values;

    private ConnectorConfig(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Wraps a configuration map.
     *
     * @param values the configuration (copied)
     * @return the configuration view
     */
    public static ConnectorConfig of(Map<String, ?> values) {
        requireNonNull(values, "values is null");
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(requireNonNull(k, "config key is null"), v));
        return new ConnectorConfig(copy);
    }

    /** @return the configuration as an unmodifiable map */
    public Map<String, Object> asMap() {
        return values;
    }

    /** @return the key names present */
    public Set<String> keys() {
        return values.keySet();
    }

    /**
     * @param key a key
     * @return whether the key is present with a non-null value
     */
    public boolean has(String key) {
        return values.get(key) != null;
    }

    /**
     * Returns a required, non-blank string value.
     *
     * @param key the key
     * @return the value
     * @throws InvalidConfigException naming the key when it is missing, blank or not a string
     */
    public String requireString(String key) {
        return optionalString(key).filter(s -> !s.isBlank()).orElseThrow(() ->
                new InvalidConfigException("connection_config." + key + " is required"));
    }

    /**
     * Returns an optional string value.
     *
     * @param key the key
     * @return the value, or empty when absent
     * @throws InvalidConfigException when the value is present but not a string
     */
    public Optional<String> optionalString(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        throw new InvalidConfigException("connection_config." + key + " must be a string");
    }

    /**
     * Returns an optional integer, accepting a JSON number or a numeric string.
     *
     * @param key the key
     * @param defaultValue returned when absent
     * @return the value
     * @throws InvalidConfigException when present but not an integer
     */
    public long getLong(String key, long defaultValue) {
        Object value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new InvalidConfigException("connection_config." + key + " must be an integer");
    }

    /**
     * Returns an optional boolean, accepting a JSON boolean or "true"/"false".
     *
     * @param key the key
     * @param defaultValue returned when absent
     * @return the value
     * @throws InvalidConfigException when present but not a boolean
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        Object value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new InvalidConfigException("connection_config." + key + " must be true or false");
    }

    /**
     * Returns an optional nested object (for example driver properties).
     *
     * @param key the key
     * @return the nested map, empty when absent
     * @throws InvalidConfigException when present but not an object
     */
    public Map<String, Object> getMap(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), v));
            return Collections.unmodifiableMap(copy);
        }
        throw new InvalidConfigException("connection_config." + key + " must be an object");
    }

    /**
     * Returns an optional list.
     *
     * @param key the key
     * @return the list, empty when absent
     * @throws InvalidConfigException when present but not a list
     */
    public List<Object> getList(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return Collections.unmodifiableList(l);
        }
        throw new InvalidConfigException("connection_config." + key + " must be a list");
    }

    /** @return the key names only; values may be secrets and are never printed */
    @Override
    public String toString() {
        return "ConnectorConfig" + values.keySet() + " (values ***REDACTED***)";
    }
}
