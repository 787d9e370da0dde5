package com.qanatix.core;

import com.qanatix.core.internal.ConnectorJson;
import com.qanatix.core.internal.SecretRedactor;
import com.qanatix.core.internal.WatermarkValues;
import com.qanatix.core.spi.InvalidConfigException;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a host application submits to create a connector: the QANATIX REST body
 * ({@code name}, {@code connector_type}, {@code vertical}, {@code entity_type},
 * {@code connection_config}, {@code query}, {@code name_column}, {@code batch_size}) plus
 * {@code source_id_column}, {@code watermark_column}, {@code watermark_lookback_seconds},
 * {@code watermark_start}, {@code watermark_lookback}, {@code schedule} and {@code deletes}.
 *
 * <p>It holds the plaintext credentials until {@code connectors().create(spec)} encrypts them, so
 * keep it short-lived; {@link #toString()} redacts them.
 */
public final class ConnectorSpec {
    /** Default rows per batch and fetch size. */
    public static final int DEFAULT_BATCH_SIZE = 5000;
    /** Largest accepted batch size. */
    public static final int MAX_BATCH_SIZE = 1_000_000;
    /** Default lookback subtracted from the last pull's start time. */
    public static final long DEFAULT_LOOKBACK_SECONDS = 300;
    /** Default name column. */
    public static final String DEFAULT_NAME_COLUMN = "name";

    private final String name;
    private final String connectorType;
    private final String vertical;
    private final String entityType;
    private final Map<String, Object> connectionConfig;
    private final String query;
    private final String nameColumn;
    private final int batchSize;
    private final String sourceIdColumn;
    private final String watermarkColumn;
    private final long watermarkLookbackSeconds;
    private final String watermarkStart;
    private final BigDecimal watermarkLookback;
    private final String schedule;
    private final DeletionDetection deletes;

    private ConnectorSpec(Builder b) {
        this.name = b.name;
        this.connectorType = b.connectorType;
        this.vertical = b.vertical;
        this.entityType = b.entityType;
        this.connectionConfig = Collections.unmodifiableMap(new LinkedHashMap<>(b.connectionConfig));
        this.query = b.query;
        this.nameColumn = b.nameColumn;
        this.batchSize = b.batchSize;
        this.sourceIdColumn = b.sourceIdColumn;
        this.watermarkColumn = b.watermarkColumn;
        this.watermarkLookbackSeconds = b.watermarkLookbackSeconds;
        this.watermarkStart = b.watermarkStart;
        this.watermarkLookback = b.watermarkLookback;
        this.schedule = b.schedule;
        this.deletes = b.deletes;
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

    /** @return the connector's name */
    public String name() {
        return name;
    }

    /** @return the connector type, e.g. {@code postgresql} */
    public String connectorType() {
        return connectorType;
    }

    /** @return the vertical records are ingested into */
    public String vertical() {
        return vertical;
    }

    /** @return the entity type of the records */
    public String entityType() {
        return entityType;
    }

    /** @return the plaintext connection configuration (credentials); never log it */
    public Map<String, Object> connectionConfig() {
        return connectionConfig;
    }

    /** @return the query */
    public String query() {
        return query;
    }

    /** @return the column that gives each record's name */
    public String nameColumn() {
        return nameColumn;
    }

    /** @return records per batch, also the fetch size */
    public int batchSize() {
        return batchSize;
    }

    /** @return the column that gives each record's source id, when set */
    public Optional<String> sourceIdColumn() {
        return Optional.ofNullable(sourceIdColumn);
    }

    /** @return the cursor column whose largest value becomes {@code :last_pull}, when set */
    public Optional<String> watermarkColumn() {
        return Optional.ofNullable(watermarkColumn);
    }

    /**
     * @return seconds subtracted from the last pull's start time (on the source's clock), or from the
     *     last value of a temporal {@code watermark_column}
     */
    public long watermarkLookbackSeconds() {
        return watermarkLookbackSeconds;
    }

    /**
     * @return the value of {@code :last_pull} before the first successful pull, when set: an
     *     integer or decimal for numeric watermark columns, else an ISO-8601 instant
     */
    public Optional<String> watermarkStart() {
        return Optional.ofNullable(watermarkStart);
    }

    /**
     * @return what is subtracted from the last value of a numeric {@code watermark_column}, in the
     *     column's units, when set (none: the next pull starts at the last value itself)
     */
    public Optional<BigDecimal> watermarkLookback() {
        return Optional.ofNullable(watermarkLookback);
    }

    /** @return the schedule expression, when set */
    public Optional<String> schedule() {
        return Optional.ofNullable(schedule);
    }

    /** @return the connector's deletion detection, when turned on */
    public Optional<DeletionDetection> deletes() {
        return Optional.ofNullable(deletes);
    }

    /** @return the spec with {@code connection_config} redacted */
    @Override
    public String toString() {
        return "ConnectorSpec{name=" + name + ", connector_type=" + connectorType + ", vertical=" + vertical
                + ", entity_type=" + entityType + ", connection_config=" + SecretRedactor.REDACTED
                + ", query=" + query + ", batch_size=" + batchSize + "}";
    }

    /** Builder for {@link ConnectorSpec}; {@link #build()} validates every field. */
    public static final class Builder {
        private String name;
        private String connectorType;
        private String vertical;
        private String entityType;
        private final Map<String, Object> connectionConfig = new LinkedHashMap<>();
        private String query;
        private String nameColumn = DEFAULT_NAME_COLUMN;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private String sourceIdColumn;
        private String watermarkColumn;
        private long watermarkLookbackSeconds = DEFAULT_LOOKBACK_SECONDS;
        private String watermarkStart;
        private BigDecimal watermarkLookback;
        private String schedule;
        private DeletionDetection deletes;

        private Builder() {
        }

        /**
         * @param name the connector's name
         * @return this
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * @param connectorType the connector type
         * @return this
         */
        public Builder connectorType(String connectorType) {
            this.connectorType = connectorType;
            return this;
        }

        /**
         * @param vertical the vertical
         * @return this
         */
        public Builder vertical(String vertical) {
            this.vertical = vertical;
            return this;
        }

        /**
         * @param entityType the entity type
         * @return this
         */
        public Builder entityType(String entityType) {
            this.entityType = entityType;
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
         * @param query the query
         * @return this
         */
        public Builder query(String query) {
            this.query = query;
            return this;
        }

        /**
         * @param nameColumn the name column (default {@code name})
         * @return this
         */
        public Builder nameColumn(String nameColumn) {
            this.nameColumn = nameColumn;
            return this;
        }

        /**
         * @param batchSize records per batch (default 5000)
         * @return this
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param sourceIdColumn the source id column
         * @return this
         */
        public Builder sourceIdColumn(String sourceIdColumn) {
            this.sourceIdColumn = sourceIdColumn;
            return this;
        }

        /**
         * @param watermarkColumn the cursor column
         * @return this
         */
        public Builder watermarkColumn(String watermarkColumn) {
            this.watermarkColumn = watermarkColumn;
            return this;
        }

        /**
         * @param seconds lookback in seconds (default 300)
         * @return this
         */
        public Builder watermarkLookbackSeconds(long seconds) {
            this.watermarkLookbackSeconds = seconds;
            return this;
        }

        /**
         * @param start initial {@code :last_pull} for a watermark column
         * @return this
         */
        public Builder watermarkStart(String start) {
            this.watermarkStart = start;
            return this;
        }

        /**
         * @param lookback what the next pull subtracts from the last value of a numeric
         *     {@code watermark_column}, in the column's units (e.g. 1000 ids in flight), not negative;
         *     null for none
         * @return this
         */
        public Builder watermarkLookback(BigDecimal lookback) {
            this.watermarkLookback = lookback;
            return this;
        }

        /**
         * @param schedule a schedule expression
         * @return this
         */
        public Builder schedule(String schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * @param deletes deletion detection ({@code Qanatix.reconcile}); null for none
         * @return this
         */
        public Builder deletes(DeletionDetection deletes) {
            this.deletes = deletes;
            return this;
        }

        /**
         * @return the spec
         * @throws InvalidConfigException naming the first field that is missing or out of range
         */
        public ConnectorSpec build() {
            requireText(name, "name");
            requireText(connectorType, "connector_type");
            requireText(vertical, "vertical");
            requireText(entityType, "entity_type");
            requireText(query, "query");
            requireText(nameColumn, "name_column");
            if (connectionConfig.isEmpty()) {
                throw new InvalidConfigException("connection_config is required (an object with the connection settings)");
            }
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new InvalidConfigException("batch_size must be between 1 and " + MAX_BATCH_SIZE + ", was " + batchSize);
            }
            if (watermarkLookbackSeconds < 0) {
                throw new InvalidConfigException("watermark_lookback_seconds must not be negative");
            }
            optionalText(sourceIdColumn, "source_id_column");
            optionalText(watermarkColumn, "watermark_column");
            optionalText(schedule, "schedule");
            if (watermarkLookback != null) {
                if (watermarkColumn == null) {
                    throw new InvalidConfigException("watermark_lookback needs watermark_column (it is in the "
                            + "column's units); a start-time watermark uses watermark_lookback_seconds");
                }
                if (watermarkLookback.signum() < 0) {
                    throw new InvalidConfigException("watermark_lookback must not be negative");
                }
            }
            if (watermarkStart != null) {
                if (watermarkColumn == null) {
                    throw new InvalidConfigException("watermark_start needs watermark_column");
                }
                WatermarkValues.parseStart(watermarkStart);
            }
            return new ConnectorSpec(this);
        }

        private static void requireText(String value, String field) {
            if (value == null || value.isBlank()) {
                throw new InvalidConfigException(field + " is required");
            }
        }

        private static void optionalText(String value, String field) {
            if (value != null && value.isBlank()) {
                throw new InvalidConfigException(field + " must not be blank when set");
            }
        }
    }
}
