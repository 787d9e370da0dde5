package com.qanatix.examples.csv;

import com.qanatix.core.CollectingSink;
import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.IngestRecord;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin as a host application sees it: only the public API, the provider found by
 * {@link java.util.ServiceLoader} from this module's jar (never registered by hand).
 */
class CsvConnectorEndToEndTest {
    @TempDir
    Path dir;
    private Path file;
    private final CollectingSink sink = new CollectingSink();
    private Qanatix qx;

    @BeforeEach
    void setUp() {
        file = dir.resolve("products.csv");
        qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).sink(sink).build();
    }

    @AfterEach
    void tearDown() {
        qx.close();
    }

    private String createConnector(String query) {
        Connector connector = qx.connectors().create(ConnectorSpec.fromJson("""
                {"name": "Products file", "connector_type": "csv", "vertical": "retail", "entity_type": "product",
                 "connection_config": {"path": "%s", "delimiter": ",", "header": true},
                 "query": "%s", "name_column": "name", "source_id_column": "sku"}
                """.formatted(file.toString().replace("\\", "\\\\"), query)));
        return connector.id();
    }

    @Test
    void theCsvTypeIsDiscoveredFromTheClasspath() {
        assertThat(qx.connectorTypes()).contains("csv");
    }

    @Test
    void pullsTheWholeFileThenSkipsEveryUnchangedRowThenIngestsOnlyWhatChanged() throws IOException {
        Files.writeString(file, "sku,name,price\nA-1,Anvil,10.50\nB-2,Bolt,0.20\nC-3,Chain,7.00\n");
        String id = createConnector("*");

        PullResult first = qx.pull(id);
        assertThat(first.status()).as(first.toJson()).isEqualTo(PullStatus.COMPLETED);
        assertThat(first.recordsIngested()).isEqualTo(3);
        assertThat(sink.records()).extracting(IngestRecord::sourceId).containsExactly("A-1", "B-2", "C-3");
        assertThat(sink.records().get(0).data()).containsEntry("price", "10.50");
        sink.clear();

        PullResult again = qx.pull(id);
        assertThat(again.recordsPulled()).isEqualTo(3);
        assertThat(again.duplicatesSkipped()).isEqualTo(3);
        assertThat(again.recordsIngested()).isZero();
        assertThat(sink.records()).isEmpty();

        Files.writeString(file, "sku,name,price\nA-1,Anvil,10.50\nB-2,Bolt,0.25\nC-3,Chain,7.00\nD-4,Drill,99\n");
        PullResult changed = qx.pull(id);
        assertThat(changed.recordsIngested()).isEqualTo(2);
        assertThat(changed.duplicatesSkipped()).isEqualTo(2);
        assertThat(sink.records()).extracting(IngestRecord::name).containsExactly("Bolt", "Drill");
    }

    @Test
    void aLastPullFilterReadsOnlyRowsUpdatedSinceTheLastPullMinusTheLookback() throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Files.writeString(file, "sku,name,updated_at\nA-1,Anvil," + now.minus(2, ChronoUnit.DAYS)
                + "\nB-2,Bolt," + now.minus(1, ChronoUnit.DAYS) + "\n");
        String id = createConnector("updated_at > :last_pull");
        assertThat(qx.pull(id).recordsIngested()).isEqualTo(2);

        Files.writeString(file, "sku,name,updated_at\nA-1,Anvil," + now.minus(2, ChronoUnit.DAYS)
                + "\nB-2,Bolt v2," + now + "\n");
        PullResult second = qx.pull(id);

        assertThat(second.recordsPulled()).as("only the row updated after the last pull is read").isEqualTo(1);
        assertThat(second.recordsIngested()).isEqualTo(1);
        assertThat(qx.pull(id).duplicatesSkipped()).as("the lookback re-reads it, dedup skips it").isEqualTo(1);
    }

    @Test
    void aMissingFileFailsThePullAndCommitsNothing() throws IOException {
        String id = createConnector("*");

        PullResult failed = qx.pull(id);
        assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("csv file not found"));

        Files.writeString(file, "sku,name\nA-1,Anvil\n");
        assertThat(qx.pull(id).recordsIngested()).isEqualTo(1);
    }
}
