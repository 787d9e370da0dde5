package com.qanatix.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorDefinition;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.DeletionDetection;
import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.PullResult;
import com.qanatix.core.StoreException;
import com.qanatix.core.internal.store.StoredConnector;

import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** JSON forms of connectors, specs, results and encrypted configurations. */
public final class ConnectorJson {
    private static final Set<String> SPEC_FIELDS = Set.of("name", "connector_type", "vertical", "entity_type",
            "connection_config", "query", "name_column", "batch_size", "source_id_column", "watermark_column",
            "watermark_lookback_seconds", "watermark_start", "watermark_lookback", "schedule", "deletes");
    private static final Set<String> DELETES_FIELDS = Set.of("query", "max_fraction");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private ConnectorJson() {
    }

    /**
     * @param json a QANATIX REST body
     * @return the spec
     */
    public static ConnectorSpec readSpec(String json) {
        JsonNode root;
        try {
            root = JsonSupport.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // The body holds credentials: report where the syntax broke, never the text around it.
            throw new InvalidConfigException("connector body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidConfigException("connector body must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!SPEC_FIELDS.contains(field)) {
                throw new InvalidConfigException("unknown field '" + field + "' in connector body; known fields: "
                        + new java.util.TreeSet<>(SPEC_FIELDS));
            }
        }
        ConnectorSpec.Builder b = readDefinition(root, ConnectorSpec.builder());
        JsonNode config = root.get("connection_config");
        if (config != null && !config.isNull()) {
            if (!config.isObject()) {
                throw new InvalidConfigException("connection_config must be a JSON object");
            }
            b.connectionConfig(JsonSupport.MAPPER.convertValue(config, MAP));
        }
        return b.build();
    }

    /**
     * Sets a builder's fields from the definition fields of a JSON object (a REST body or a stored
     * connector); absent optional fields keep the builder's defaults.
     */
    private static <B extends ConnectorDefinition.AbstractBuilder<B>> B readDefinition(JsonNode root, B b) {
        b.name(text(root, "name"))
                .connectorType(text(root, "connector_type"))
                .vertical(text(root, "vertical"))
                .entityType(text(root, "entity_type"))
                .query(text(root, "query"));
        if (has(root, "name_column")) {
            b.nameColumn(text(root, "name_column"));
        }
        if (has(root, "batch_size")) {
            b.batchSize((int) integer(root, "batch_size", Integer.MAX_VALUE));
        }
        if (has(root, "source_id_column")) {
            b.sourceIdColumn(text(root, "source_id_column"));
        }
        if (has(root, "watermark_column")) {
            b.watermarkColumn(text(root, "watermark_column"));
        }
        if (has(root, "watermark_lookback_seconds")) {
            b.watermarkLookbackSeconds(integer(root, "watermark_lookback_seconds", Long.MAX_VALUE));
        }
        if (has(root, "watermark_start")) {
            JsonNode start = root.get("watermark_start");
            b.watermarkStart(start.isNumber() ? start.asText() : text(root, "watermark_start"));
        }
        if (has(root, "watermark_lookback")) {
            JsonNode lookback = root.get("watermark_lookback");
            if (!lookback.isNumber()) {
                throw new InvalidConfigException("watermark_lookback must be a number (in the watermark column's units)");
            }
            b.watermarkLookback(lookback.decimalValue());
        }
        if (has(root, "schedule")) {
            b.schedule(text(root, "schedule"));
        }
        if (has(root, "deletes")) {
            b.deletes(readDeletes(root.get("deletes")));
        }
        return b;
    }

    /** Reads {@code "deletes": {"query": ..., "max_fraction": ...}}; both optional. */
    private static DeletionDetection readDeletes(JsonNode n) {
        if (!n.isObject()) {
            throw new InvalidConfigException("deletes must be an object, e.g. {\"query\": \"SELECT id FROM products\"} "
                    + "or {} for the connector's own query");
        }
        for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!DELETES_FIELDS.contains(field)) {
                throw new InvalidConfigException("unknown field '" + field + "' in deletes; known fields: "
                        + new java.util.TreeSet<>(DELETES_FIELDS));
            }
        }
        double fraction = DeletionDetection.DEFAULT_MAX_FRACTION;
        if (has(n, "max_fraction")) {
            if (!n.get("max_fraction").isNumber()) {
                throw new InvalidConfigException("deletes.max_fraction must be a number");
            }
            fraction = n.get("max_fraction").doubleValue();
        }
        String query = text(n, "query");
        if (query == null && n.has("query") && !n.get("query").isNull()) {
            throw new InvalidConfigException("deletes.query must be a string");
        }
        return new DeletionDetection(java.util.Optional.ofNullable(query), fraction);
    }

    private static ObjectNode deletesNode(DeletionDetection d) {
        ObjectNode node = JsonSupport.MAPPER.createObjectNode();
        d.query().ifPresent(q -> node.put("query", q));
        node.put("max_fraction", d.maxFraction());
        return node;
    }

    private static boolean has(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n != null && !n.isNull();
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidConfigException(field + " must be a string");
        }
        return n.textValue();
    }

    private static long integer(JsonNode root, String field, long max) {
        JsonNode n = root.get(field);
        if (!n.canConvertToLong() || !n.isIntegralNumber() || n.longValue() > max) {
            throw new InvalidConfigException(field + " must be an integer");
        }
        return n.longValue();
    }

    /**
     * @param c a connector
     * @return the QANATIX response shape, credentials redacted
     */
    public static String writeConnector(Connector c) {
        ObjectNode node = definition(c);
        node.put("connection_config", SecretRedactor.REDACTED);
        return write(node);
    }

    private static ObjectNode definition(Connector c) {
        ConnectorDefinition d = c.definition();
        ObjectNode node = JsonSupport.MAPPER.createObjectNode();
        node.put("id", c.id());
        node.put("name", d.name());
        node.put("connector_type", d.connectorType());
        node.put("vertical", d.vertical());
        node.put("entity_type", d.entityType());
        node.put("query", d.query());
        node.put("name_column", d.nameColumn());
        node.put("batch_size", d.batchSize());
        d.sourceIdColumn().ifPresent(v -> node.put("source_id_column", v));
        d.watermarkColumn().ifPresent(v -> node.put("watermark_column", v));
        node.put("watermark_lookback_seconds", d.watermarkLookbackSeconds());
        d.watermarkStart().ifPresent(v -> node.put("watermark_start", v));
        d.watermarkLookback().ifPresent(v -> node.put("watermark_lookback", v));
        d.schedule().ifPresent(v -> node.put("schedule", v));
        d.deletes().ifPresent(v -> node.set("deletes", deletesNode(v)));
        node.put("created_at", c.createdAt().toString());
        return node;
    }

    /**
     * @param stored a stored connector
     * @return its storage form: the definition plus the encrypted configuration token
     */
    public static String writeStored(StoredConnector stored) {
        ObjectNode node = definition(stored.connector());
        node.put("encrypted_connection_config", stored.encryptedConfig());
        return write(node);
    }

    /**
     * @param json a storage form
     * @return the stored connector
     */
    public static StoredConnector readStored(String json) {
        try {
            JsonNode n = JsonSupport.MAPPER.readTree(json);
            Connector c = new Connector(n.get("id").textValue(), Instant.parse(n.get("created_at").textValue()),
                    readDefinition(n, ConnectorDefinition.builder()).build());
            return new StoredConnector(c, n.get("encrypted_connection_config").textValue());
        } catch (IOException | RuntimeException e) {
            throw new StoreException("stored connector is unreadable: " + e.getClass().getSimpleName());
        }
    }

    /**
     * @param r a result
     * @return {@code {"status","records_pulled","records_ingested","duplicates_skipped","duration_seconds"}}
     */
    public static String writeResult(PullResult r) {
        ObjectNode node = JsonSupport.MAPPER.createObjectNode();
        node.put("status", r.status().wireName());
        node.put("records_pulled", r.recordsPulled());
        node.put("records_ingested", r.recordsIngested());
        node.put("duplicates_skipped", r.duplicatesSkipped());
        node.put("duration_seconds", Math.round(r.durationSeconds() * 1000.0) / 1000.0);
        r.deletions().ifPresent(d -> node.put("deletions", d));
        r.error().ifPresent(e -> node.put("error", e));
        return write(node);
    }

    /**
     * @param config a plaintext configuration
     * @return its UTF-8 JSON bytes, to encrypt
     */
    public static byte[] configBytes(Map<String, Object> config) {
        try {
            return JsonSupport.MAPPER.writeValueAsBytes(config);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException("connection_config holds a value that cannot be written as JSON");
        }
    }

    /**
     * @param bytes decrypted JSON bytes
     * @return the configuration
     */
    public static Map<String, Object> readConfig(byte[] bytes) {
        try {
            return JsonSupport.MAPPER.readValue(bytes, MAP);
        } catch (IOException e) {
            throw new StoreException("decrypted connection_config is not JSON");
        }
    }

    private static String write(JsonNode node) {
        try {
            return JsonSupport.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
