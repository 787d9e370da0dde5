package com.qanatix.examples.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the README's demo working: the H2 path end to end, as a newcomer runs it. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void theDemoPullsEverythingThenWhatChangedThenNothing() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo.fromArgs(new PrintStream(bytes, true, StandardCharsets.UTF_8), "--rows", "200", "--out", dir.toString())
                .run();
        String out = bytes.toString(StandardCharsets.UTF_8);
        List<String> results = out.lines().filter(l -> l.startsWith("  {\"status\"")).toList();

        assertThat(results).hasSize(3);
        assertThat(results.get(0)).contains("\"records_pulled\":200,\"records_ingested\":200,\"duplicates_skipped\":0");
        assertThat(results.get(1)).contains("\"records_pulled\":205,\"records_ingested\":25,\"duplicates_skipped\":180");
        assertThat(results.get(2)).contains("\"records_pulled\":205,\"records_ingested\":0,\"duplicates_skipped\":205");
        assertThat(out).contains("CONNECTOR_ENCRYPTION_KEY").contains("\"connection_config\":\"***REDACTED***\"")
                .doesNotContain("demo-password");
        assertThat(Files.readAllLines(dir.resolve("products.ndjson"))).hasSize(225);
        try (var files = Files.walk(dir.resolve("store"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(p, StandardCharsets.ISO_8859_1)).doesNotContain("demo-password");
            }
        }
    }
}
