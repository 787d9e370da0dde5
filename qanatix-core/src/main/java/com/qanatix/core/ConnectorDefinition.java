package com.qanatix.core;

import com.qanatix.core.internal.WatermarkValues;
import com.qanatix.core.spi.InvalidConfigException;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What a connector is, credentials aside: its name, connector type, vertical, entity type, query,
 * columns, watermark settings and schedule. A {@link ConnectorSpec} is a definition with the
 * plaintext {@code connection_config}; a {@link Connector} is a stored definition with its id and
 * creation time. Immutable, and valid by construction: {@link #builder()} and
 * {@link ConnectorSpec#builder()} validate every field in {@code build()}.
 *
 * <p>The JSON names of the fields are those of the QANATIX REST body: {@code name},
 * {@code connector_type}, {@code vertical}, {@code entity_type}, {@code query},
 * {@code name_column}, {@code batch_size}, {@code source_id_column}, {@code watermark_column},
 * {@code watermark_lookback_seconds}, {@code watermark_start}, {@code watermark_lookback},
 * {@code schedule} and {@code deletes}.
 */
public final class ConnectorDefinition {
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

    private ConnectorDefinition(AbstractBuilder<?> b) {
        this.name = b.name;
        this.connectorType = b.connectorType;
        this.vertical = b.vertical;
        this.entityType = b.entityType;
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

    /** @return a builder of a definition without credentials */
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

    /** @return the connector's deletion detection ({@code deletes}), when turned on */
    public Optional<DeletionDetection> deletes() {
        return Optional.ofNullable(deletes);
    }

    /**
     * @param newSchedule the schedule expression, or null for none
     * @return a copy with another schedule
     */
    public ConnectorDefinition withSchedule(String newSchedule) {
        return builder().from(this).schedule(newSchedule).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectorDefinition d && name.equals(d.name) && connectorType.equals(d.connectorType)
                && vertical.equals(d.vertical) && entityType.equals(d.entityType) && query.equals(d.query)
                && nameColumn.equals(d.nameColumn) && batchSize == d.batchSize
                && Objects.equals(sourceIdColumn, d.sourceIdColumn)
                && Objects.equals(watermarkColumn, d.watermarkColumn)
                && watermarkLookbackSeconds == d.watermarkLookbackSeconds
                && Objects.equals(watermarkStart, d.watermarkStart)
                && Objects.equals(watermarkLookback, d.watermarkLookback) && Objects.equals(schedule, d.schedule)
                && Objects.equals(deletes, d.deletes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, connectorType, vertical, entityType, query);
    }

    /** @return the fields a log line needs to tell connectors apart */
    @Override
    public String toString() {
        return "name=" + name + ", connector_type=" + connectorType + ", vertical=" + vertical
                + ", entity_type=" + entityType + ", query=" + query + ", batch_size=" + batchSize;
    }

    /**
     * The fields of a definition as a fluent builder; {@link Builder} builds a definition alone,
     * {@link ConnectorSpec.Builder} a definition with its credentials. Defaults: {@code name_column}
     * {@value ConnectorDefinition#DEFAULT_NAME_COLUMN}, {@code batch_size}
     * {@value ConnectorDefinition#DEFAULT_BATCH_SIZE}, {@code watermark_lookback_seconds}
     * {@value ConnectorDefinition#DEFAULT_LOOKBACK_SECONDS}.
     *
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static sealed class AbstractBuilder<B extends AbstractBuilder<B>>
            permits Builder, ConnectorSpec.Builder {
        private String name;
        private String connectorType;
        private String vertical;
        private String entityType;
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

        AbstractBuilder() {
        }

        abstract B self();

        /**
         * Starts from an existing definition: every field is set to its value.
         *
         * @param definition the definition to copy
         * @return this
         */
        public B from(ConnectorDefinition definition) {
            Objects.requireNonNull(definition, "definition is null");
            name = definition.name;
            connectorType = definition.connectorType;
            vertical = definition.vertical;
            entityType = definition.entityType;
            query = definition.query;
            nameColumn = definition.nameColumn;
            batchSize = definition.batchSize;
            sourceIdColumn = definition.sourceIdColumn;
            watermarkColumn = definition.watermarkColumn;
            watermarkLookbackSeconds = definition.watermarkLookbackSeconds;
            watermarkStart = definition.watermarkStart;
            watermarkLookback = definition.watermarkLookback;
            schedule = definition.schedule;
            deletes = definition.deletes;
            return self();
        }

        /**
         * @param name the connector's name
         * @return this
         */
        public B name(String name) {
            this.name = name;
            return self();
        }

        /**
         * @param connectorType the connector type
         * @return this
         */
        public B connectorType(String connectorType) {
            this.connectorType = connectorType;
            return self();
        }

        /**
         * @param vertical the vertical
         * @return this
         */
        public B vertical(String vertical) {
            this.vertical = vertical;
            return self();
        }

        /**
         * @param entityType the entity type
         * @return this
         */
        public B entityType(String entityType) {
            this.entityType = entityType;
            return self();
        }

        /**
         * @param query the query
         * @return this
         */
        public B query(String query) {
            this.query = query;
            return self();
        }

        /**
         * @param nameColumn the name column (default {@code name})
         * @return this
         */
        public B nameColumn(String nameColumn) {
            this.nameColumn = nameColumn;
            return self();
        }

        /**
         * @param batchSize records per batch (default 5000)
         * @return this
         */
        public B batchSize(int batchSize) {
            this.batchSize = batchSize;
            return self();
        }

        /**
         * @param sourceIdColumn the source id column
         * @return this
         */
        public B sourceIdColumn(String sourceIdColumn) {
            this.sourceIdColumn = sourceIdColumn;
            return self();
        }

        /**
         * @param watermarkColumn the cursor column
         * @return this
         */
        public B watermarkColumn(String watermarkColumn) {
            this.watermarkColumn = watermarkColumn;
            return self();
        }

        /**
         * @param seconds lookback in seconds (default 300)
         * @return this
         */
        public B watermarkLookbackSeconds(long seconds) {
            this.watermarkLookbackSeconds = seconds;
            return self();
        }

        /**
         * @param start initial {@code :last_pull} for a watermark column
         * @return this
         */
        public B watermarkStart(String start) {
            this.watermarkStart = start;
            return self();
        }

        /**
         * @param lookback what the next pull subtracts from the last value of a numeric
         *     {@code watermark_column}, in the column's units (e.g. 1000 ids in flight), not negative;
         *     null for none
         * @return this
         */
        public B watermarkLookback(BigDecimal lookback) {
            this.watermarkLookback = lookback;
            return self();
        }

        /**
         * @param schedule a schedule expression
         * @return this
         */
        public B schedule(String schedule) {
            this.schedule = schedule;
            return self();
        }

        /**
         * @param deletes deletion detection ({@code Qanatix.reconcile}); null for none
         * @return this
         */
        public B deletes(DeletionDetection deletes) {
            this.deletes = deletes;
            return self();
        }

        /**
         * @return the definition
         * @throws InvalidConfigException naming the first field that is missing or out of range
         */
        final ConnectorDefinition definition() {
            requireText(name, "name");
            requireText(connectorType, "connector_type");
            requireText(vertical, "vertical");
            requireText(entityType, "entity_type");
            requireText(query, "query");
            requireText(nameColumn, "name_column");
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
            return new ConnectorDefinition(this);
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

    /** Builder of a definition without credentials; {@link #build()} validates every field. */
    public static final class Builder extends AbstractBuilder<Builder> {
        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * @return the definition
         * @throws InvalidConfigException naming the first field that is missing or out of range
         */
        public ConnectorDefinition build() {
            return definition();
        }
    }
}
