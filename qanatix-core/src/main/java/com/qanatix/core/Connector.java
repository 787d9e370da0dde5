package com.qanatix.core;

import com.qanatix.core.internal.ConnectorJson;
import com.qanatix.core.internal.SecretRedactor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A stored connector definition. It never holds credentials: those are stored encrypted, apart
 * from it, and decrypted only inside a running pull. {@link #toJson()} gives the QANATIX response
 * shape with {@code "connection_config": "***REDACTED***"}.
 */
public final class Connector {
    private final String id;
    private final Instant createdAt;
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

    /**
     * Makes a connector from a spec; the spec's credentials are not kept.
     *
     * @param id the connector id (a UUID)
     * @param createdAt when it was created
     * @param spec the spec
     */
    public Connector(String id, Instant createdAt, ConnectorSpec spec) {
        this(id, createdAt, spec.name(), spec.connectorType(), spec.vertical(), spec.entityType(), spec.query(),
                spec.nameColumn(), spec.batchSize(), spec.sourceIdColumn().orElse(null),
                spec.watermarkColumn().orElse(null), spec.watermarkLookbackSeconds(),
                spec.watermarkStart().orElse(null), spec.watermarkLookback().orElse(null),
                spec.schedule().orElse(null), spec.deletes().orElse(null));
    }

    /**
     * All fields; nullable ones are the optional ones. Stores use it to read connectors back.
     *
     * @param id id
     * @param createdAt creation time
     * @param name name
     * @param connectorType connector type
     * @param vertical vertical
     * @param entityType entity type
     * @param query query
     * @param nameColumn name column
     * @param batchSize batch size
     * @param sourceIdColumn source id column, or null
     * @param watermarkColumn watermark column, or null
     * @param watermarkLookbackSeconds lookback seconds
     * @param watermarkStart initial watermark, or null
     * @param schedule schedule, or null
     */
    public Connector(String id, Instant createdAt, String name, String connectorType, String vertical,
                     String entityType, String query, String nameColumn, int batchSize, String sourceIdColumn,
                     String watermarkColumn, long watermarkLookbackSeconds, String watermarkStart, String schedule) {
        this(id, createdAt, name, connectorType, vertical, entityType, query, nameColumn, batchSize, sourceIdColumn,
                watermarkColumn, watermarkLookbackSeconds, watermarkStart, null, schedule);
    }

    /**
     * All fields, with the numeric {@code watermark_lookback}; nullable ones are the optional ones.
     *
     * @param id id
     * @param createdAt creation time
     * @param name name
     * @param connectorType connector type
     * @param vertical vertical
     * @param entityType entity type
     * @param query query
     * @param nameColumn name column
     * @param batchSize batch size
     * @param sourceIdColumn source id column, or null
     * @param watermarkColumn watermark column, or null
     * @param watermarkLookbackSeconds lookback seconds
     * @param watermarkStart initial watermark, or null
     * @param watermarkLookback lookback of a numeric watermark column in its units, or null for none
     * @param schedule schedule, or null
     */
    public Connector(String id, Instant createdAt, String name, String connectorType, String vertical,
                     String entityType, String query, String nameColumn, int batchSize, String sourceIdColumn,
                     String watermarkColumn, long watermarkLookbackSeconds, String watermarkStart,
                     BigDecimal watermarkLookback, String schedule) {
        this(id, createdAt, name, connectorType, vertical, entityType, query, nameColumn, batchSize, sourceIdColumn,
                watermarkColumn, watermarkLookbackSeconds, watermarkStart, watermarkLookback, schedule, null);
    }

    /**
     * All fields, with deletion detection; nullable ones are the optional ones.
     *
     * @param id id
     * @param createdAt creation time
     * @param name name
     * @param connectorType connector type
     * @param vertical vertical
     * @param entityType entity type
     * @param query query
     * @param nameColumn name column
     * @param batchSize batch size
     * @param sourceIdColumn source id column, or null
     * @param watermarkColumn watermark column, or null
     * @param watermarkLookbackSeconds lookback seconds
     * @param watermarkStart initial watermark, or null
     * @param watermarkLookback lookback of a numeric watermark column in its units, or null for none
     * @param schedule schedule, or null
     * @param deletes deletion detection, or null for none
     */
    public Connector(String id, Instant createdAt, String name, String connectorType, String vertical,
                     String entityType, String query, String nameColumn, int batchSize, String sourceIdColumn,
                     String watermarkColumn, long watermarkLookbackSeconds, String watermarkStart,
                     BigDecimal watermarkLookback, String schedule, DeletionDetection deletes) {
        this.id = requireNonNull(id, "id is null");
        this.createdAt = requireNonNull(createdAt, "createdAt is null");
        this.name = requireNonNull(name, "name is null");
        this.connectorType = requireNonNull(connectorType, "connectorType is null");
        this.vertical = requireNonNull(vertical, "vertical is null");
        this.entityType = requireNonNull(entityType, "entityType is null");
        this.query = requireNonNull(query, "query is null");
        this.nameColumn = requireNonNull(nameColumn, "nameColumn is null");
        this.batchSize = batchSize;
        this.sourceIdColumn = sourceIdColumn;
        this.watermarkColumn = watermarkColumn;
        this.watermarkLookbackSeconds = watermarkLookbackSeconds;
        this.watermarkStart = watermarkStart;
        this.watermarkLookback = watermarkLookback;
        this.schedule = schedule;
        this.deletes = deletes;
    }

    /** @return the id (a UUID string) */
    public String id() {
        return id;
    }

    /** @return when the connector was created */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the connector type */
    public String connectorType() {
        return connectorType;
    }

    /** @return the vertical */
    public String vertical() {
        return vertical;
    }

    /** @return the entity type */
    public String entityType() {
        return entityType;
    }

    /** @return the query */
    public String query() {
        return query;
    }

    /** @return the name column */
    public String nameColumn() {
        return nameColumn;
    }

    /** @return records per batch */
    public int batchSize() {
        return batchSize;
    }

    /** @return the source id column, when set */
    public Optional<String> sourceIdColumn() {
        return Optional.ofNullable(sourceIdColumn);
    }

    /** @return the watermark column, when set */
    public Optional<String> watermarkColumn() {
        return Optional.ofNullable(watermarkColumn);
    }

    /** @return the lookback in seconds */
    public long watermarkLookbackSeconds() {
        return watermarkLookbackSeconds;
    }

    /** @return the initial watermark for a watermark column, when set */
    public Optional<String> watermarkStart() {
        return Optional.ofNullable(watermarkStart);
    }

    /**
     * @return what the next pull subtracts from the last value of a numeric watermark column, in
     *     the column's units, when set
     */
    public Optional<BigDecimal> watermarkLookback() {
        return Optional.ofNullable(watermarkLookback);
    }

    /** @return the schedule expression, when set */
    public Optional<String> schedule() {
        return Optional.ofNullable(schedule);
    }

    /** @return the connector's deletion detection ({@code "deletes"}), when turned on */
    public Optional<DeletionDetection> deletes() {
        return Optional.ofNullable(deletes);
    }

    /**
     * @param newSchedule the schedule, or null for none
     * @return a copy with another schedule
     */
    public Connector withSchedule(String newSchedule) {
        return new Connector(id, createdAt, name, connectorType, vertical, entityType, query, nameColumn, batchSize,
                sourceIdColumn, watermarkColumn, watermarkLookbackSeconds, watermarkStart, watermarkLookback,
                newSchedule, deletes);
    }

    /** @return the QANATIX response shape, {@code connection_config} redacted */
    public String toJson() {
        return ConnectorJson.writeConnector(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Connector c && id.equals(c.id) && createdAt.equals(c.createdAt) && name.equals(c.name)
                && connectorType.equals(c.connectorType) && vertical.equals(c.vertical)
                && entityType.equals(c.entityType) && query.equals(c.query) && nameColumn.equals(c.nameColumn)
                && batchSize == c.batchSize && Objects.equals(sourceIdColumn, c.sourceIdColumn)
                && Objects.equals(watermarkColumn, c.watermarkColumn)
                && watermarkLookbackSeconds == c.watermarkLookbackSeconds
                && Objects.equals(watermarkStart, c.watermarkStart)
                && Objects.equals(watermarkLookback, c.watermarkLookback) && Objects.equals(schedule, c.schedule)
                && Objects.equals(deletes, c.deletes);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** @return a one-line description, {@code connection_config} redacted */
    @Override
    public String toString() {
        return "Connector{id=" + id + ", name=" + name + ", connector_type=" + connectorType
                + ", connection_config=" + SecretRedactor.REDACTED + "}";
    }
}
