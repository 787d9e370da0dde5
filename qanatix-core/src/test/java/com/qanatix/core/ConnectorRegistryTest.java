package com.qanatix.core;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectorRegistryTest {
    private final ConnectorStore store = ConnectorStore.inMemory();
    private Qanatix qx;

    @BeforeEach
    void setUp() {
        qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store)
                .sink(new CollectingSink()).build();
    }

    @AfterEach
    void tearDown() {
        qx.close();
    }

    static ConnectorSpec.Builder spec(String name) {
        return ConnectorSpec.builder().name(name).connectorType(ListSourceProvider.TYPE).vertical("retail")
                .entityType("product").query("all").connectionConfig(Map.of("dataset", "none"));
    }

    @Test
    void createdConnectorsCanBeListedReadAndDeleted() {
        Connector a = qx.connectors().create(spec("a").build());
        Connector b = qx.connectors().create(spec("b").batchSize(10).build());

        assertThat(qx.connectors().list()).extracting(c -> c.definition().name()).containsExactlyInAnyOrder("a", "b");
        assertThat(qx.connectors().get(a.id())).contains(a);
        assertThat(qx.connectors().get(b.id()).orElseThrow().definition().batchSize()).isEqualTo(10);
        assertThat(qx.connectors().delete(a.id())).isTrue();
        assertThat(qx.connectors().delete(a.id())).isFalse();
        assertThat(qx.connectors().get(a.id())).isEmpty();
        assertThat(qx.connectors().list()).containsExactly(b);
    }

    @Test
    void specReadsTheQanatixRestBodyWithDefaults() {
        ConnectorSpec spec = ConnectorSpec.fromJson("""
                {"name": "Products", "connector_type": "test-list", "vertical": "retail",
                 "entity_type": "product", "connection_config": {"dataset": "x", "password": "pw"},
                 "query": "all", "name_column": "title", "batch_size": 100,
                 "source_id_column": "sku", "watermark_column": "updated_at",
                 "watermark_lookback_seconds": 60}""");

        assertThat(spec.definition().name()).isEqualTo("Products");
        assertThat(spec.definition().nameColumn()).isEqualTo("title");
        assertThat(spec.definition().batchSize()).isEqualTo(100);
        assertThat(spec.definition().sourceIdColumn()).contains("sku");
        assertThat(spec.definition().watermarkColumn()).contains("updated_at");
        assertThat(spec.definition().watermarkLookbackSeconds()).isEqualTo(60);
        assertThat(spec.connectionConfig()).containsEntry("password", "pw");

        ConnectorSpec minimal = ConnectorSpec.fromJson("""
                {"name": "P", "connector_type": "test-list", "vertical": "retail", "entity_type": "product",
                 "connection_config": {"dataset": "x"}, "query": "all"}""");
        assertThat(minimal.definition().batchSize()).isEqualTo(5000);
        assertThat(minimal.definition().nameColumn()).isEqualTo("name");
        assertThat(minimal.definition().watermarkLookbackSeconds()).isEqualTo(300);
    }

    @Test
    void unknownFieldsAreAnErrorNotSilentlyDropped() {
        assertThatThrownBy(() -> ConnectorSpec.fromJson("""
                {"name": "P", "connector_type": "test-list", "vertical": "retail", "entity_type": "product",
                 "connection_config": {"dataset": "x"}, "query": "all", "batchsize": 10}"""))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unknown field 'batchsize'");
    }

    @Test
    void missingAndOutOfRangeFieldsAreNamed() {
        assertThatThrownBy(() -> spec("x").query(" ").build()).hasMessageContaining("query is required");
        assertThatThrownBy(() -> spec("x").batchSize(0).build()).hasMessageContaining("batch_size");
        assertThatThrownBy(() -> spec("x").connectionConfig(Map.of()).build())
                .hasMessageContaining("connection_config is required");
        assertThatThrownBy(() -> ConnectorSpec.fromJson("{\"name\": 3}")).hasMessageContaining("name must be a string");
        assertThatThrownBy(() -> ConnectorSpec.fromJson("{not json")).hasMessageContaining("not valid JSON");
    }

    @Test
    void providerValidationRunsAtCreateTimeAndNothingIsStored() {
        assertThatThrownBy(() -> qx.connectors().create(spec("x").query("drop everything").build()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("query must be");
        assertThatThrownBy(() -> qx.connectors().create(spec("x").connectionConfig(Map.of("other", 1)).build()))
                .hasMessageContaining("connection_config.dataset is required");
        assertThat(qx.connectors().list()).isEmpty();
        assertThat(store.backend().list()).isEmpty();
    }

    @Test
    void unknownConnectorTypeIsRejectedListingTheKnownOnes() {
        assertThatThrownBy(() -> qx.connectors().create(spec("x").connectorType("oracle").build()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unknown connector_type 'oracle'")
                .hasMessageContaining("test-list");
    }

    @Test
    void connectorJsonHasTheQanatixShapeWithConfigRedacted() {
        Connector c = qx.connectors().create(spec("a").build());
        String json = c.toJson();
        assertThat(json).contains("\"id\":\"" + c.id() + "\"", "\"connector_type\":\"test-list\"",
                "\"connection_config\":\"***REDACTED***\"", "\"batch_size\":5000", "\"created_at\"");
        assertThat(c.toString()).contains("***REDACTED***");
    }

    @Test
    void pullingAnUnknownConnectorSaysSo() {
        assertThatThrownBy(() -> qx.pull("00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(ConnectorNotFoundException.class);
    }
}
