package com.qanatix.examples.csv;

import com.qanatix.core.CollectingSink;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.InvalidConfigException;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.Record;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugin through the public API only, found by ServiceLoader from this module's jar. */
class CsvConnectorTest {
    @TempDir
    Path dir;

    private final CollectingSink sink = new CollectingSink();
    private final Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).sink(sink).build();

    private String connector(Path file, String query) {
        return qx.connectors().create(ConnectorSpec.builder().name("products csv").connectorType("csv")
                .vertical("retail").entityType("product").connectionConfig(Map.of("path", file.toString()))
                .query(query).build()).id();
    }

    @Test
    void isDiscoveredFromItsJar() {
        assertThat(qx.connectorTypes()).contains("csv");
    }

    @Test
    void pullsTheFileThenOnlyWhatChanged() throws Exception {
        Path file = dir.resolve("products.csv");
        Files.writeString(file, "id,name,price\n1,Anvil,10.50\n2,\"Bolt, steel\",0.99\n");
        String id = connector(file, "*");

        PullResult first = qx.pull(id);
        assertThat(first.status()).isEqualTo(PullStatus.COMPLETED);
        assertThat(first.recordsIngested()).isEqualTo(2);
        assertThat(sink.records()).extracting(Record::name).containsExactly("Anvil", "Bolt, steel");

        assertThat(qx.pull(id).duplicatesSkipped()).isEqualTo(2);

        Files.writeString(file, "id,name,price\n1,Anvil,11.00\n2,\"Bolt, steel\",0.99\n3,Crate,5\n");
        PullResult third = qx.pull(id);
        assertThat(third.recordsIngested()).isEqualTo(2);
        assertThat(third.duplicatesSkipped()).isEqualTo(1);
    }

    @Test
    void keepsOnlyTheColumnsTheQueryNames() throws Exception {
        Path file = dir.resolve("p.csv");
        Files.writeString(file, "id,name,secret_margin\n1,Anvil,0.4\n");
        qx.pull(connector(file, "id, name"));
        assertThat(sink.records().get(0).data()).containsOnlyKeys("id", "name");
    }

    @Test
    void rejectsABadQueryAtCreateTimeAndAMissingFileAtPullTime() {
        assertThatThrownBy(() -> connector(dir.resolve("x.csv"), "id,,name"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("comma-separated");
        PullResult missing = qx.pull(connector(dir.resolve("missing.csv"), "*"));
        assertThat(missing.status()).isEqualTo(PullStatus.FAILED);
        assertThat(missing.error().orElseThrow()).contains("cannot read CSV file");
    }
}
