package com.qanatix.examples.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's demo on its embedded H2 database, run as {@code ./demo.sh} runs it: keeps it from rotting. */
class DemoTest {
    @TempDir
    Path out;

    @Test
    void pullsEverythingThenOnlyChangedAndNewRowsThenSkipsEveryUnchangedRow() throws IOException {
        DemoOutput demo = DemoOutput.run(Map.of(), "--rows", "500", "--out", out.toString());

        assertThat(demo.status).as(demo.text).isZero();
        List<String> results = demo.results();
        assertThat(results).as(demo.text).hasSize(4);
        // 500 rows: 5 changed, 2 added
        assertThat(results.get(0)).startsWith("{\"status\":\"completed\",\"records_pulled\":500,\"records_ingested\":500,"
                + "\"duplicates_skipped\":0,");
        assertThat(results.get(1)).startsWith("{\"status\":\"completed\",\"records_pulled\":7,\"records_ingested\":7,"
                + "\"duplicates_skipped\":0,");
        assertThat(results.get(2)).startsWith("{\"status\":\"completed\",\"records_pulled\":7,\"records_ingested\":0,"
                + "\"duplicates_skipped\":7,");
        assertThat(results.get(3)).as("the csv plugin's pull").startsWith("{\"status\":\"completed\",\"records_pulled\":3,");
        assertThat(demo.text).contains("Done: every pull gave the expected result.");

        Path ndjson = out.resolve("products.ndjson");
        assertThat(demo.text).contains(ndjson.toAbsolutePath().toString());
        assertThat(Files.readAllLines(ndjson)).hasSize(500 + 7 + 3)
                .allSatisfy(line -> assertThat(line).startsWith("{\"name\":").contains("\"vertical_data\":{"));
    }

    @Test
    void saysWhichKeyEncryptsTheCredentialsAndNeverPrintsOrStoresThem() throws IOException {
        DemoOutput demo = DemoOutput.run(Map.of(), "--rows", "10", "--out", out.toString());

        if (System.getenv("CONNECTOR_ENCRYPTION_KEY") == null) {
            assertThat(demo.text).contains("EPHEMERAL DEV KEY").contains("Production must set")
                    .contains("CONNECTOR_ENCRYPTION_KEY (comma-separated Fernet keys, primary first)");
        } else {
            assertThat(demo.text).contains("CONNECTOR_ENCRYPTION_KEY is set");
        }
        assertThat(demo.text).contains("\"connection_config\":\"***REDACTED***\"").contains("with connection_config as "
                + "the token gAAAAA").doesNotContain("demo-h2-password");
        try (Stream<Path> stored = Files.list(out.resolve("store"))) {
            assertThat(stored.toList()).isNotEmpty().allSatisfy(file -> assertThat(
                    Files.readString(file, StandardCharsets.ISO_8859_1)).doesNotContain("demo-h2-password"));
        }
    }

    @Test
    void rejectsAnUnknownOptionWithTheUsage() {
        DemoOutput demo = DemoOutput.run(Map.of(), "--rowz", "10");

        assertThat(demo.status).isEqualTo(2);
        assertThat(demo.text).contains("unknown option '--rowz'").contains("usage: ./demo.sh");
    }
}
