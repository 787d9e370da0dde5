package com.qanatix.examples.springboot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Map;

/**
 * The connectors the application declares under {@code example.connectors}; each is created at
 * startup unless a connector of that name is stored already.
 *
 * @param connectors the declared connectors
 */
@ConfigurationProperties("example")
public record ExampleConnectors(List<Definition> connectors) {
    /**
     * Defaults to no connectors.
     *
     * @param connectors the declared connectors
     */
    public ExampleConnectors {
        connectors = connectors == null ? List.of() : List.copyOf(connectors);
    }

    /**
     * One connector, as the QANATIX API would receive it.
     *
     * @param name its name, unique in this application
     * @param type the connector type, e.g. {@code postgresql}
     * @param vertical the vertical its records belong to
     * @param entityType the entity type of its records
     * @param query the query; {@code :last_pull} is the watermark
     * @param sourceIdColumn the column that identifies a row
     * @param watermarkColumn the column compared with {@code :last_pull}, or null
     * @param schedule when to pull it, e.g. {@code every 10s}, or null for on demand only
     * @param connection the connection settings (credentials are encrypted when the connector is stored)
     */
    public record Definition(String name, String type, String vertical, String entityType, String query,
                             String sourceIdColumn, String watermarkColumn, String schedule,
                             Map<String, String> connection) {
    }
}
