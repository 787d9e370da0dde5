package com.qanatix.core;

import com.qanatix.core.internal.ConnectorJson;
import com.qanatix.core.internal.SecretRedactor;
import com.qanatix.core.spi.InvalidConfigException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What a host application submits to create a connector: a {@link ConnectorDefinition} and the
 * plaintext {@code connection_config}, as in the QANATIX REST body.
 *
 * <p>It holds the plaintext credentials until {@code connectors().create(spec)} encrypts them, so
 * keep it short-lived; {@link #toString()} redacts them.
 */
public final class ConnectorSpec {
    private final ConnectorDefinition definition;
    private final Map<String, Object> connectionConfig;

    private ConnectorSpec(ConnectorDefinition definition, Map<String, Object> connectionConfig) {
        this.definition = definition;
        this.connectionConfig = Collections.unmodifiableMap(new LinkedHashMap<>(connectionConfig));
    }

    /**
     * Reads the QANATIX REST body (snake_case JSON). Unknown fields are an error.
     *
     * @param json the body
     * @return the spec
     * @throws InvalidConfigException naming the field that is unknown, missing or malformed
     */
    public static ConnectorSpec fromJson(String json) {
        return ConnectorJson.readSpec(requireNonNull(json, "json is null"));
    }

    /** @return a builder for code */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the definition: everything but the credentials */
    public ConnectorDefinition definition() {
        return definition;
    }

    /** @return the plaintext connection configuration (credentials); never log it */
    public Map<String, Object> connectionConfig() {
        return connectionConfig;
    }

    /** @return the spec with {@code connection_config} redacted */
    @Override
    public String toString() {
        return "ConnectorSpec{" + definition + ", connection_config=" + SecretRedactor.REDACTED + "}";
    }

    /**
     * Builder for {@link ConnectorSpec}: the definition's fields and the connection configuration;
     * {@link #build()} validates every field.
     */
    public static final class Builder extends ConnectorDefinition.AbstractBuilder<Builder> {
        private final Map<String, Object> connectionConfig = new LinkedHashMap<>();

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * @param config the connection configuration (replaces any set before)
         * @return this
         */
        public Builder connectionConfig(Map<String, ?> config) {
            requireNonNull(config, "config is null");
            this.connectionConfig.clear();
            this.connectionConfig.putAll(config);
            return this;
        }

        /**
         * @param key a config key
         * @param value its value
         * @return this
         */
        public Builder config(String key, Object value) {
            this.connectionConfig.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /**
         * @return the spec
         * @throws InvalidConfigException naming the first field that is missing or out of range
         */
        public ConnectorSpec build() {
            ConnectorDefinition definition = definition();
            if (connectionConfig.isEmpty()) {
                throw new InvalidConfigException("connection_config is required (an object with the connection settings)");
            }
            return new ConnectorSpec(definition, connectionConfig);
        }
    }
}
