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

    @Test
    void everyValueIsSecretUnlessTheProviderListsItsKeyAsNonSecret() {
        com.qanatix.core.spi.ConnectorProvider oldPlugin = new com.qanatix.core.spi.ConnectorProvider() {
            // a plugin written before the allowlist existed: it lists no non-secret key
            @Override
            public String connectorType() {
                return "old-plugin";
            }

            @Override
            public void validate(com.qanatix.core.spi.ConnectorConfig config, String query) {
            }

            @Override
            public com.qanatix.core.spi.RecordSource open(com.qanatix.core.spi.PullContext context) {
                throw new UnsupportedOperationException();
            }
        };
        Map<String, Object> config = Map.of("dataset", "shop", "port", 5432,
                "options", Map.of("api_token", "Api-Token-Secret-42", "sslmode", "require"),
                "hosts", List.of("db-secret-host.example.com"));
        Map<String, Object> masked = com.qanatix.core.internal.SecretRedactor.mask(config,
                com.qanatix.core.internal.SecretKeys.of(oldPlugin));
        assertThat(masked.toString()).doesNotContain("shop", "5432", "Api-Token-Secret-42", "require",
                "db-secret-host");
        com.qanatix.core.internal.SecretRedactor redactor = com.qanatix.core.internal.SecretRedactor.forConfig(config,
                com.qanatix.core.internal.SecretKeys.of(oldPlugin));
        assertThat(redactor.redact("token Api-Token-Secret-42 at db-secret-host.example.com for shop"))
                .isEqualTo("token ***REDACTED*** at ***REDACTED*** for ***REDACTED***");

        com.qanatix.core.internal.SecretKeys listed = com.qanatix.core.internal.SecretKeys.of(
                java.util.Set.of("password"), java.util.Set.of("dataset", "SSLMODE", "password"));
        Map<String, Object> shown = com.qanatix.core.internal.SecretRedactor.mask(
                Map.of("dataset", "shop", "password", "Pw-Secret-1", "options", Map.of("sslmode", "require",
                        "api_token", "Api-Token-Secret-42")), listed);
        assertThat(shown.toString()).contains("dataset=shop", "sslmode=require")
                .doesNotContain("Pw-Secret-1", "Api-Token-Secret-42");
        // Under a key named as a secret, everything is secret, a nested map's allowlisted keys too.
        Map<String, Object> nested = Map.of("credentials", Map.of("sslmode", "Nested-Secret-77"));
        assertThat(com.qanatix.core.internal.SecretRedactor.mask(nested, listed).toString())
                .isEqualTo("{credentials=***REDACTED***}");
        assertThat(com.qanatix.core.internal.SecretRedactor.forConfig(nested, listed).redact("x Nested-Secret-77"))
                .isEqualTo("x ***REDACTED***");
    }
}
