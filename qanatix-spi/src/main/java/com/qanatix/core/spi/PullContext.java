package com.qanatix.core.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a provider needs to open a {@link RecordSource} for one pull: the decrypted configuration,
 * the query, the named parameters to bind, and the batch size to use as fetch size.
 *
 * <p>Parameters are bound as typed parameters, never spliced into the query text. The core always
 * passes {@value #LAST_PULL}; its value is an {@link Instant} for time-based watermarks, or the
 * type of the {@code watermark_column} otherwise (for example a {@code Long} for numeric ids).
 */
public final class PullContext {
    /** Name of the watermark parameter, written {@code :last_pull} (or {@code $last_pull}) in queries. */
    public static final String LAST_PULL = "last_pull";

    private final String connectorId;
    private final ConnectorConfig config;
    private final String query;
    private final Map<String, Object> parameters;
    private final int batchSize;
    private final String watermarkColumn;

    private PullContext(Builder b) {
        this.connectorId = requireNonNull(b.connectorId, "connectorId is null");
        this.config = requireNonNull(b.config, "config is null");
        this.query = requireNonNull(b.query, "query is null");
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
        if (b.batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + b.batchSize);
        }
        this.batchSize = b.batchSize;
        this.watermarkColumn = b.watermarkColumn;
    }

    /** @return a builder (the core builds contexts; plugin tests may too) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the id of the connector being pulled (for log context; not a secret) */
    public String connectorId() {
        return connectorId;
    }

    /** @return the decrypted connection configuration; never log it */
    public ConnectorConfig config() {
        return config;
    }

    /** @return the connector's query (SQL, a filter document, Cypher, ...) */
    public String query() {
        return query;
    }

    /** @return named parameters to bind, at least {@value #LAST_PULL} */
    public Map<String, Object> parameters() {
        return parameters;
    }

    /** @return the value bound to {@code :last_pull} */
    public Object lastPull() {
        return parameters.get(LAST_PULL);
    }

    /** @return the number of rows to fetch from the server at a time */
    public int batchSize() {
        return batchSize;
    }

    /** @return the watermark column when the connector uses one */
    public Optional<String> watermarkColumn() {
        return Optional.ofNullable(watermarkColumn);
    }

    /** Builder for {@link PullContext}; {@link #build()} validates. */
    public static final class Builder {
        private String connectorId = "test";
        private ConnectorConfig config;
        private String query;
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private int batchSize = 5000;
        private String watermarkColumn;

        private Builder() {
            parameters.put(LAST_PULL, Instant.EPOCH);
        }

        /**
         * @param connectorId the connector id
         * @return this
         */
        public Builder connectorId(String connectorId) {
            this.connectorId = connectorId;
            return this;
        }

        /**
         * @param config the decrypted configuration
         * @return this
         */
        public Builder config(ConnectorConfig config) {
            this.config = config;
            return this;
        }

        /**
         * @param query the query
         * @return this
         */
        public Builder query(String query) {
            this.query = query;
            return this;
        }

        /**
         * @param name parameter name without prefix
         * @param value its value, not null
         * @return this
         */
        public Builder parameter(String name, Object value) {
            parameters.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /**
         * @param batchSize fetch size hint, positive
         * @return this
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param watermarkColumn the watermark column, or null
         * @return this
         */
        public Builder watermarkColumn(String watermarkColumn) {
            this.watermarkColumn = watermarkColumn;
            return this;
        }

        /** @return the context */
        public PullContext build() {
            return new PullContext(this);
        }
    }
}
