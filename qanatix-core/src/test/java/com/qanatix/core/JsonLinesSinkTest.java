package com.qanatix.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesSinkTest {
    private static final PullInfo PULL = new PullInfo(UUID.randomUUID(), "c1", "products", Instant.EPOCH);

    private static Record record(String id) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", 7L);
        data.put("price", new BigDecimal("1234567890.000000001"));
        data.put("updated_at", Instant.parse("2026-01-02T03:04:05.123456Z"));
        data.put("local", LocalDateTime.parse("2026-01-02T03:04:05.5"));
        data.put("day", LocalDate.parse("2026-01-02"));
        data.put("blob", new byte[] {0, 1, (byte) 0xFF});
        data.put("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        data.put("tags", List.of("a", "ü"));
        data.put("attrs", Map.of("color", "red"));
        data.put("missing", null);
        return new Record(id, "Product " + id, "retail", "product", data);
    }

    @Test
    void writesOneRecordALineInTheQanatixIngestShape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLinesSink sink = new JsonLinesSink(out);
        sink.write(PULL, List.of(record("1"), record("2")));
        sink.commit(PULL);

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.get("name").textValue()).isEqualTo("Product 1");
        assertThat(line.get("source_id").textValue()).isEqualTo("1");
        assertThat(line.get("vertical").textValue()).isEqualTo("retail");
        assertThat(line.get("entity_type").textValue()).isEqualTo("product");
        JsonNode data = line.get("vertical_data");
        assertThat(data.get("id").longValue()).isEqualTo(7);
        assertThat(lines.get(0)).contains("\"price\":1234567890.000000001,");
        assertThat(data.get("updated_at").textValue()).isEqualTo("2026-01-02T03:04:05.123456Z");
        assertThat(data.get("local").textValue()).isEqualTo("2026-01-02T03:04:05.500");
        assertThat(data.get("day").textValue()).isEqualTo("2026-01-02");
        assertThat(data.get("blob").textValue()).isEqualTo("AAH/");
        assertThat(data.get("uuid").textValue()).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(data.get("tags").get(1).textValue()).isEqualTo("ü");
        assertThat(data.get("attrs").get("color").textValue()).isEqualTo("red");
        assertThat(data.get("missing").isNull()).isTrue();
    }

    @Test
    void appendsToAFileAcrossPulls(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.ndjson");
        try (JsonLinesSink sink = new JsonLinesSink(file)) {
            sink.write(PULL, List.of(record("1")));
            sink.commit(PULL);
        }
        try (JsonLinesSink sink = new JsonLinesSink(file)) {
            sink.write(PULL, List.of(record("2")));
            sink.commit(PULL);
        }
        assertThat(Files.readAllLines(file)).hasSize(2).allMatch(l -> l.startsWith("{\"name\":"));
    }
}
