package com.qanatix.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qanatix.core.spi.RowLayout;
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

    private static IngestRecord record(String id) {
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
        return new IngestRecord(id, "Product " + id, "retail", "product", data);
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

    @Test
    void writesEveryValueByteForByteAsTheSdksJacksonMapperWould() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>(record("1").data());
        data.put("double", 0.1 + 0.2);
        data.put("nan", Double.NaN);
        data.put("int", 42);
        data.put("short", (short) 7);
        data.put("float", 1.5f);
        data.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        data.put("bool", true);
        data.put("duration", java.time.Duration.ofMillis(1500));
        data.put("offset_time", java.time.OffsetTime.parse("10:15:30+01:00"));
        data.put("set", new java.util.LinkedHashSet<>(List.of("x", "y")));
        data.put("nested", Map.of("list", List.of(1L, Map.of("deep", List.of())), "empty", Map.of()));
        data.put("long_keys", Map.of(5L, "five"));
        data.put("enum", java.time.DayOfWeek.MONDAY);
        data.put("chars", "quote \" backslash \\ tab \t é 😀");
        IngestRecord r = new IngestRecord("1", null, "retail", "product", data);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLinesSink sink = new JsonLinesSink(out);
        sink.write(PULL, List.of(r));
        sink.commit(PULL);

        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", null);
        line.put("source_id", "1");
        line.put("vertical", "retail");
        line.put("entity_type", "product");
        line.put("vertical_data", data);
        byte[] mapper = com.qanatix.core.internal.JsonSupport.WRITER.writeValueAsBytes(line);
        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo(new String(mapper, StandardCharsets.UTF_8) + "\n");
    }

    @Test
    void reachesItsStreamInLargeWritesNotOneARecord() {
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        java.io.OutputStream counting = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                writes.incrementAndGet();
                bytes.incrementAndGet();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.incrementAndGet();
                bytes.addAndGet(len);
            }
        };
        JsonLinesSink sink = new JsonLinesSink(counting);
        List<IngestRecord> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            batch.add(record(Integer.toString(i)));
        }
        sink.write(PULL, batch);
        sink.write(PULL, batch);
        sink.commit(PULL);

        assertThat(bytes.get()).isGreaterThan(1_000_000);
        // the encoder hands over 8,000-byte pieces; a 64 KB buffer passes them on when the next does not fit
        assertThat(writes.get()).isLessThanOrEqualTo((int) (bytes.get() / (65_536 - 8_000)) + 2);
    }

    @Test
    void batchesOfConcurrentPullsNeverInterleaveWithinABatch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.ndjson");
        int threads = 4;
        int batches = 50;
        int batchSize = 200;
        try (JsonLinesSink sink = new JsonLinesSink(file)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    PullInfo pull = new PullInfo(UUID.randomUUID(), "c" + thread, "products", Instant.EPOCH);
                    for (int b = 0; b < batches; b++) {
                        List<IngestRecord> batch = new java.util.ArrayList<>();
                        for (int i = 0; i < batchSize; i++) {
                            batch.add(record(thread + "-" + b + "-" + i));
                        }
                        sink.write(pull, batch);
                    }
                    sink.commit(pull);
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(threads * batches * batchSize);
        ObjectMapper mapper = new ObjectMapper();
        for (int start = 0; start < lines.size(); start += batchSize) {
            String first = mapper.readTree(lines.get(start)).get("source_id").textValue();
            String batchPrefix = first.substring(0, first.lastIndexOf('-') + 1);
            assertThat(first).endsWith("-0");
            for (int i = 0; i < batchSize; i++) {
                assertThat(mapper.readTree(lines.get(start + i)).get("source_id").textValue())
                        .isEqualTo(batchPrefix + i);
            }
        }
    }

    @Test
    void writesInstantsExactlyAsInstantToStringDoes() throws Exception {
        java.util.Random random = new java.util.Random(17);
        List<Instant> instants = new java.util.ArrayList<>(List.of(Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999999999Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.5Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"), Instant.MIN, Instant.MAX,
                Instant.parse("2026-01-02T03:04:05.120Z"), Instant.parse("2026-01-02T03:04:05.000100Z"),
                Instant.parse("2024-02-29T12:00:00.000000001Z")));
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L - 86_400 * 400, 253_402_300_800L + 86_400 * 400);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nano));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLinesSink sink = new JsonLinesSink(out);
        for (Instant t : instants) {
            sink.write(PULL, List.of(new IngestRecord("1", "n", "v", "e", Map.of("t", t))));
        }
        sink.commit(PULL);

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < instants.size(); i++) {
            assertThat(lines.get(i)).endsWith("\"vertical_data\":{\"t\":\"" + instants.get(i) + "\"}}");
        }
    }

    /** What the SDK's Jackson mapper writes for a line with these data, and the newline. */
    private static String mapperLine(IngestRecord r) throws Exception {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", r.name());
        line.put("source_id", r.sourceId());
        line.put("vertical", r.vertical());
        line.put("entity_type", r.entityType());
        line.put("vertical_data", r.data());
        return new String(com.qanatix.core.internal.JsonSupport.WRITER.writeValueAsBytes(line), StandardCharsets.UTF_8)
                + "\n";
    }

    private static String written(List<IngestRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLinesSink sink = new JsonLinesSink(out);
        sink.write(PULL, records);
        sink.commit(PULL);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertWrittenAsTheMapperWrites(List<IngestRecord> records) throws Exception {
        StringBuilder expected = new StringBuilder();
        for (IngestRecord r : records) {
            expected.append(mapperLine(r));
        }
        assertThat(written(records)).isEqualTo(expected.toString());
    }

    @Test
    void writesDecimalsExactlyAsToPlainStringDoes() throws Exception {
        java.util.Random random = new java.util.Random(17);
        List<BigDecimal> decimals = new java.util.ArrayList<>(List.of(BigDecimal.ZERO, new BigDecimal("0.00"),
                new BigDecimal("-0.05"), new BigDecimal("123.45"), new BigDecimal("-123.45"), new BigDecimal("1E+3"),
                new BigDecimal("1.000000000000000000"), new BigDecimal("999999999999999999"),
                new BigDecimal("-999999999999999999"), new BigDecimal("0.999999999999999999"),
                new BigDecimal("-0.000000000000000001"), new BigDecimal("1234567890123456789"),
                new BigDecimal("0.0000000000000000001"), new BigDecimal("12345678901234567890.5"),
                BigDecimal.valueOf(Long.MAX_VALUE, 4), BigDecimal.valueOf(Long.MIN_VALUE, 2), BigDecimal.valueOf(7, -2)));
        for (int i = 0; i < 20_000; i++) {
            long unscaled = random.nextLong() / (long) Math.pow(10, random.nextInt(19));
            decimals.add(BigDecimal.valueOf(unscaled, random.nextInt(24) - 2));
        }
        List<IngestRecord> records = new java.util.ArrayList<>();
        for (BigDecimal d : decimals) {
            records.add(new IngestRecord("1", "n", "v", "e", Map.of("price", d)));
        }
        String[] lines = written(records).split("\n");
        for (int i = 0; i < decimals.size(); i++) {
            assertThat(lines[i]).endsWith("\"vertical_data\":{\"price\":" + decimals.get(i).toPlainString() + "}}");
        }
    }

    @Test
    void writesLocalDatesAndDateTimesExactlyAsToStringDoes() throws Exception {
        java.util.Random random = new java.util.Random(17);
        List<LocalDateTime> times = new java.util.ArrayList<>(List.of(LocalDateTime.parse("2026-01-02T03:04"),
                LocalDateTime.parse("2026-01-02T03:04:00.000000001"), LocalDateTime.parse("0000-01-01T00:00"),
                LocalDateTime.parse("9999-12-31T23:59:59.999999999"), LocalDateTime.parse("0999-02-03T04:05:06.1"),
                LocalDateTime.parse("+10000-01-01T00:00"), LocalDateTime.parse("-0001-12-31T23:59:59"),
                LocalDateTime.MIN, LocalDateTime.MAX));
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L - 86_400 * 400, 253_402_300_800L + 86_400 * 400);
            int nano = switch (i % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                case 3 -> random.nextInt(1_000_000_000);
                default -> -1;
            };
            LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, Math.max(nano, 0), java.time.ZoneOffset.UTC);
            times.add(nano < 0 ? t.withSecond(0) : t);
        }
        List<IngestRecord> records = new java.util.ArrayList<>();
        for (LocalDateTime t : times) {
            records.add(new IngestRecord("1", "n", "v", "e", RowLayout.of(List.of("t", "d")).row(new Object[] {t, t.toLocalDate()})));
        }
        String[] lines = written(records).split("\n");
        for (int i = 0; i < times.size(); i++) {
            assertThat(lines[i]).endsWith("\"vertical_data\":{\"t\":\"" + times.get(i) + "\",\"d\":\""
                    + times.get(i).toLocalDate() + "\"}}");
        }
    }

    @Test
    void writesRowsOfRepeatedAndChangingLayoutsAsTheMapperWrites() throws Exception {
        RowLayout product = RowLayout.of(List.of("id", "name", "price", "updated_at", "attrs"));
        RowLayout[] attrs = {RowLayout.of(List.of("color", "weight_g")), RowLayout.of(List.of("color")),
            RowLayout.of(List.of("size", "é \" \\ \t key", "😀")), RowLayout.of(List.of("a")), RowLayout.of(List.of("b")),
            RowLayout.of(List.of("c"))};
        List<IngestRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            RowLayout a = attrs[i < 20 ? 0 : i < 40 ? i % attrs.length : (i / 3) % attrs.length];
            Object[] attrValues = new Object[a.size()];
            for (int k = 0; k < attrValues.length; k++) {
                attrValues[k] = k == 0 ? "red \u2028 \u0001" : List.of((long) i, Map.of("deep", List.of()));
            }
            Map<String, Object> data = product.row(new Object[] {(long) i, "Lampe « " + i + " »",
                BigDecimal.valueOf(i * 101L, 2), Instant.ofEpochSecond(1_700_000_000L + i, i * 1000), a.row(attrValues)});
            records.add(new IngestRecord(Integer.toString(i), "Produkt " + i, i < 30 ? "retail" : "rétail \"x\"",
                    i % 7 == 0 ? "product" : "item", data));
        }
        assertWrittenAsTheMapperWrites(records);
    }

    @Test
    void escapesTextAsTheMapperDoesInEveryField() throws Exception {
        String hard = "quote \" backslash \\ slash / nul \u0000 bell \u0007 esc \u001b del \u007f "
                + "line \n\r\b\f\t é ü 中文 😀 \u2028\u2029 \uFEFF";
        IngestRecord r = new IngestRecord(hard, hard, hard, hard, RowLayout.of(List.of(hard, "plain")).row(new Object[] {hard,
            Map.of(hard, List.of(hard))}));
        assertWrittenAsTheMapperWrites(List.of(r, r, r));
    }

    @Test
    void forcesALongOutputWhileItIsWrittenOnAThreadThatEndsWithTheSink(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("long.ndjson");
        String threadName = "qanatix-ndjson-sync-long.ndjson";
        long lines = 0;
        try (JsonLinesSink sink = new JsonLinesSink(file)) {
            List<IngestRecord> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                batch.add(record(Integer.toString(i)));
            }
            while (Files.size(file) < 20L << 20) {
                sink.write(PULL, batch);
                lines += batch.size();
            }
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals(threadName));
            sink.commit(PULL);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals(threadName));
        try (java.util.stream.Stream<String> written = Files.lines(file)) {
            assertThat(written.count()).isEqualTo(lines);
        }
    }
}
