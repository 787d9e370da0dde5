package com.qanatix.core;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.core.testing.LogCapture;
import com.qanatix.core.testing.Rows;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plants a recognizable password and looks for it in everything that leaves the SDK. */
class RedactionTest {
    private static final String PASSWORD = "Pl4nted-S3cret-7781";
    private static final String DSN = "postgresql://loader:" + PASSWORD + "@db.example.com:5432/shop";

    @TempDir
    Path dir;

    @Test
    void noPasswordReachesAnyOutputIncludingTraceLogsAndTheStoreOnDisk() throws IOException {
        String dataset = "ds-" + UUID.randomUUID();
        ListSourceProvider.dataset(dataset, Rows.products(5, Instant.EPOCH));
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        List<String> outputs = new ArrayList<>();
        try (LogCapture logs = new LogCapture();
             JsonLinesSink sink = new JsonLinesSink(ndjson);
             Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate()))
                     .store(ConnectorStore.directory(dir)).sink(sink).build()) {
            ConnectorSpec spec = ConnectorSpec.fromJson("""
                    {"name": "shop", "connector_type": "test-list", "vertical": "retail", "entity_type": "product",
                     "connection_config": {"dataset": "%s", "dsn": "%s", "password": "%s"},
                     "query": "all"}""".formatted(dataset, DSN, PASSWORD));
            outputs.add(spec.toString());
            Connector c = qx.connectors().create(spec);
            outputs.add(c.toString());
            outputs.add(c.toJson());
            outputs.add(qx.connectors().list().toString());
            outputs.add(qx.connectors().get(c.id()).orElseThrow().toJson());
            outputs.add(qx.pull(c.id()).toJson());

            ListSourceProvider.failAfter(dataset, 2);
            PullResult failed = qx.pull(c.id());
            assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
            outputs.add(failed.toJson());
            outputs.add(failed.toString());
            outputs.add(failed.error().orElseThrow());
            assertThat(failed.error().orElseThrow()).contains("***REDACTED***");

            // A provider validation error that quotes the DSN.
            outputs.add(messageOf(() -> qx.connectors().create(ConnectorSpec.builder().name("x")
                    .connectorType("test-list").vertical("v").entityType("e").query("all")
                    .connectionConfig(Map.of("dataset", "x", "dsn", "nonsense-" + PASSWORD)).build())));
            // A malformed body quoting the password must not echo it.
            outputs.add(messageOf(() -> ConnectorSpec.fromJson("{\"connection_config\": {\"password\": \""
                    + PASSWORD + "\"")));
            rotate(qx);
            outputs.add(logs.text());
            assertThat(logs.text()).contains("failed");
        }
        outputs.add(ndjson.toString(StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                outputs.add(p + ": " + new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }

        for (String output : outputs) {
            assertThat(output).doesNotContain(PASSWORD).doesNotContain("Pl4nted");
        }
    }

    private static void rotate(Qanatix qx) {
        assertThat(qx.connectors().rotateKeys()).isEqualTo(1);
    }

    private static String messageOf(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            StringBuilder sb = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                sb.append(t).append('\n');
            }
            return sb.toString();
        }
        throw new AssertionError("expected an exception");
    }

    @Test
    void configErrorsNameTheFieldWithoutEchoingTheSecret() {
        try (Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate()))
                .sink(new CollectingSink()).build()) {
            assertThatThrownBy(() -> qx.connectors().create(ConnectorSpec.builder().name("x")
                    .connectorType("test-list").vertical("v").entityType("e").query("all")
                    .connectionConfig(Map.of("dataset", "x", "dsn", "nonsense-" + PASSWORD)).build()))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("connection_config.dsn is malformed")
                    .hasMessageNotContaining(PASSWORD);
        }
    }
}
