package com.qanatix.core;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One row of a source, mapped for ingestion: the QANATIX ingest shape.
 *
 * <p>{@code data} holds every column of the row with the normalized types: integers as
 * {@code Long}, floating point as {@code Double}, exact numerics as {@code BigDecimal}, text as
 * {@code String}, {@code Boolean}, date/time as {@code java.time} ({@code Instant} for timestamps
 * with time zone, {@code LocalDateTime} without, {@code LocalDate}, {@code LocalTime},
 * {@code OffsetTime}, an ISO-8601 duration string for intervals), binary as {@code byte[]},
 * {@code UUID}, JSON objects, documents and maps as {@code Map<String,Object>}, arrays as
 * {@code List<Object>}, and {@code null} for SQL NULL. docs/types.md in the repository maps every
 * source type of every connector to these.
 *
 * <p>The name keeps {@code import com.qanatix.core.*;} free of a clash with {@code java.lang.Record}.
 *
 * @param sourceId the row's upsert key, from {@code source_id_column}
 * @param name the row's display name, from {@code name_column}
 * @param vertical the connector's vertical
 * @param entityType the connector's entity type
 * @param data every column of the row, unmodifiable
 */
public record IngestRecord(String sourceId, String name, String vertical, String entityType, Map<String, Object> data) {

    /**
     * Checks that the identifying fields are present.
     *
     * @param sourceId the row's upsert key, from {@code source_id_column}
     * @param name the row's display name, from {@code name_column}
     * @param vertical the connector's vertical
     * @param entityType the connector's entity type
     * @param data every column of the row, unmodifiable
     */
    public IngestRecord {
        requireNonNull(sourceId, "sourceId is null");
        requireNonNull(vertical, "vertical is null");
        requireNonNull(entityType, "entityType is null");
        requireNonNull(data, "data is null");
    }
}
