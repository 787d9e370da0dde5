package com.qanatix.core;

import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A directory store keeps each connector as {@code <id>.connector.json}: the definition's REST
 * field names, {@code id}, {@code created_at} and {@code encrypted_connection_config}. Files in that
 * form, with and without the optional {@code watermark_lookback}, load, pull, and are written back
 * in the same form.
 */
class StoredConnectorFormatTest {
    private static final String WITHOUT_LOOKBACK = "{\"id\":\"%s\",\"name\":\"Products\",\"connector_type\":\"test-list\","
            + "\"vertical\":\"retail\",\"entity_type\":\"product\",\"query\":\"all\",\"name_column\":\"title\","
            + "\"batch_size\":100,\"source_id_column\":\"sku\",\"watermark_column\":\"updated_at\","
            + "\"watermark_lookback_seconds\":60,\"watermark_start\":\"2026-01-01T00:00:00Z\","
            + "\"schedule\":\"every 5m\",\"created_at\":\"2026-01-02T03:04:05Z\",\"encrypted_connection_config\":\"%s\"}";
    private static final String WITH_LOOKBACK = "{\"id\":\"%s\",\"name\":\"Orders\",\"connector_type\":\"test-list\","
            + "\"vertical\":\"retail\",\"entity_type\":\"order\",\"query\":\"all\",\"name_column\":\"name\","
            + "\"batch_size\":5000,\"watermark_column\":\"seq\",\"watermark_lookback_seconds\":300,"
            + "\"watermark_start\":\"10\",\"watermark_lookback\":2.5,"
            + "\"created_at\":\"2026-01-02T03:04:06Z\",\"encrypted_connection_config\":\"%s\"}";

    @TempDir
    Path dir;

    private final MultiFernet cipher = MultiFernet.of(FernetKey.generate());

    @Test
    void connectorFilesWithAndWithoutWatermarkLookbackLoadAndPull() throws Exception {
        String products = write(WITHOUT_LOOKBACK, "{\"dataset\":\"stored-products\"}");
        String orders = write(WITH_LOOKBACK, "{\"dataset\":\"stored-orders\"}");
        ListSourceProvider.dataset("stored-products",
                List.of(Map.of("title", "Lamp", "sku", "L-1", "updated_at", Instant.parse("2026-02-01T00:00:00Z"))));
        ListSourceProvider.dataset("stored-orders", List.of(Map.of("id", "o-1", "name", "first order", "seq", 11L)));

        try (Qanatix qx = open()) {
            ConnectorDefinition p = qx.connectors().get(products).orElseThrow().definition();
            assertThat(p.name()).isEqualTo("Products");
            assertThat(p.nameColumn()).isEqualTo("title");
            assertThat(p.batchSize()).isEqualTo(100);
            assertThat(p.sourceIdColumn()).contains("sku");
            assertThat(p.watermarkColumn()).contains("updated_at");
            assertThat(p.watermarkLookbackSeconds()).isEqualTo(60);
            assertThat(p.watermarkStart()).contains("2026-01-01T00:00:00Z");
            assertThat(p.watermarkLookback()).isEmpty();
            assertThat(p.schedule()).contains("every 5m");
            assertThat(qx.connectors().get(products).orElseThrow().createdAt())
                    .isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));

            ConnectorDefinition o = qx.connectors().get(orders).orElseThrow().definition();
            assertThat(o.sourceIdColumn()).isEmpty();
            assertThat(o.schedule()).isEmpty();
            assertThat(o.watermarkLookback()).contains(new BigDecimal("2.5"));

            assertThat(qx.connectors().list()).extracting(Connector::id).containsExactly(products, orders);
            PullResult pulledProducts = qx.pull(products);
            assertThat(pulledProducts.recordsIngested()).as(pulledProducts.toJson()).isEqualTo(1);
            PullResult pulledOrders = qx.pull(orders);
            assertThat(pulledOrders.recordsIngested()).as(pulledOrders.toJson()).isEqualTo(1);
        }
    }

    @Test
    void connectorFilesAreWrittenBackInTheFormTheyWereReadIn() throws Exception {
        String products = write(WITHOUT_LOOKBACK, "{\"dataset\":\"stored-products\"}");
        String orders = write(WITH_LOOKBACK, "{\"dataset\":\"stored-orders\"}");
        String productsBefore = read(products);
        String ordersBefore = read(orders);

        try (Qanatix qx = open()) {
            qx.connectors().rotateKeys();
        }

        assertThat(withoutToken(read(products))).isEqualTo(withoutToken(productsBefore));
        assertThat(withoutToken(read(orders))).isEqualTo(withoutToken(ordersBefore));
    }

    private Qanatix open() {
        return Qanatix.builder().cipher(cipher).store(ConnectorStore.directory(dir)).sink(new CollectingSink()).build();
    }

    private String write(String form, String config) throws Exception {
        String id = UUID.randomUUID().toString();
        String token = cipher.encrypt(config.getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve(id + ".connector.json"), form.formatted(id, token));
        return id;
    }

    private String read(String id) throws Exception {
        return Files.readString(dir.resolve(id + ".connector.json"));
    }

    private static String withoutToken(String json) {
        return json.replaceAll("\"encrypted_connection_config\":\"[^\"]*\"", "\"encrypted_connection_config\":\"-\"");
    }
}
