package com.qanatix.core;

import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.core.testing.Rows;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRotationTest {
    private final FernetKey oldKey = FernetKey.generate();
    private final FernetKey newKey = FernetKey.generate();
    private final ConnectorStore store = ConnectorStore.inMemory();
    private final String dataset = "ds-" + UUID.randomUUID();

    private Qanatix qanatix(MultiFernet cipher) {
        return Qanatix.builder().cipher(cipher).store(store).sink(new CollectingSink()).build();
    }

    @Test
    void rotatingReEncryptsEveryConnectorUnderTheNewPrimaryKey() {
        ListSourceProvider.dataset(dataset, Rows.products(3, Instant.EPOCH));
        String id;
        try (Qanatix qx = qanatix(MultiFernet.of(oldKey))) {
            id = qx.connectors().create(ConnectorSpec.builder().name("p").connectorType(ListSourceProvider.TYPE)
                    .vertical("retail").entityType("product").query("all")
                    .connectionConfig(Map.of("dataset", dataset, "password", "pw-1")).build()).id();
            qx.connectors().create(ConnectorSpec.builder().name("q").connectorType(ListSourceProvider.TYPE)
                    .vertical("retail").entityType("product").query("all")
                    .connectionConfig(Map.of("dataset", dataset)).build());
        }
        String before = store.backend().find(id).orElseThrow().encryptedConfig();

        try (Qanatix qx = qanatix(MultiFernet.of(newKey, oldKey))) {
            assertThat(qx.pull(id).status()).isEqualTo(PullStatus.COMPLETED);
            assertThat(qx.connectors().rotateKeys()).isEqualTo(2);
        }
        String after = store.backend().find(id).orElseThrow().encryptedConfig();
        assertThat(after).isNotEqualTo(before);
        assertThat(new String(MultiFernet.of(newKey).decrypt(after), java.nio.charset.StandardCharsets.UTF_8))
                .contains("pw-1");

        try (Qanatix qx = qanatix(MultiFernet.of(newKey))) {
            assertThat(qx.pull(id).status()).isEqualTo(PullStatus.COMPLETED);
        }
        try (Qanatix qx = qanatix(MultiFernet.of(oldKey))) {
            PullResult result = qx.pull(id);
            assertThat(result.status()).isEqualTo(PullStatus.FAILED);
            assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("cannot be decrypted"));
        }
    }
}
