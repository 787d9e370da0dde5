package com.qanatix.connectors.jdbc;

import com.qanatix.core.CollectingSink;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.DeletionDetection;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.testing.TestDatabase;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deletion detection end to end: rows pulled from PostgreSQL and MariaDB into a directory store and
 * a JDBC store (on PostgreSQL), deleted at the source, found by a reconciliation.
 */
class DeletionDetectionTest {
    private static final int ROWS = 1_000;
    private static TestDatabase postgres;
    private static TestDatabase mariadb;
    private static TestDatabase storeDatabase;

    @TempDir
    Path dir;
    private ConnectorStore store;
    private Qanatix qx;
    private final CollectingSink sink = new CollectingSink();

    static Stream<String[]> sourcesAndStores() {
        return Stream.of(new String[] {"postgresql", "directory"}, new String[] {"postgresql", "jdbc"},
                new String[] {"mysql", "directory"}, new String[] {"mysql", "jdbc"});
    }

    @BeforeAll
    static void createDatabases() {
        postgres = TestDatabase.postgres();
        mariadb = TestDatabase.mysql();
        storeDatabase = TestDatabase.postgres();
    }

    @AfterAll
    static void dropDatabases() {
        postgres.close();
        mariadb.close();
        storeDatabase.close();
    }

    @AfterEach
    void close() {
        if (qx != null) {
            qx.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @ParameterizedTest(name = "{0} into a {1} store")
    @MethodSource("sourcesAndStores")
    void aReconciliationReportsExactlyTheDeletedRowsOnceAndARowThatComesBackIsNew(String type, String storeKind) {
        TestDatabase source = fillSource(type);
        String id = connector(type, storeKind, source);
        assertThat(qx.pull(id).recordsIngested()).isEqualTo(ROWS);

        source.execute("DELETE FROM products WHERE id IN (17, 500, 999)");
        PullResult first = qx.reconcile(id);

        assertThat(first.status()).isEqualTo(PullStatus.COMPLETED);
        assertThat(first.recordsPulled()).isEqualTo(ROWS - 3);
        assertThat(first.deletions()).hasValue(3);
        assertThat(sink.deletions()).containsExactlyInAnyOrder("17", "500", "999");
        assertThat(first.toJson()).contains("\"deletions\":3");

        PullResult second = qx.reconcile(id);
        assertThat(second.status()).isEqualTo(PullStatus.COMPLETED);
        assertThat(second.deletions()).hasValue(0);
        assertThat(sink.deletions()).hasSize(3);

        source.execute("INSERT INTO products (id, name) VALUES (500, 'product 500')");
        sink.clear();
        PullResult again = qx.pull(id);
        assertThat(again.recordsIngested()).as("the re-inserted row, same content as before").isEqualTo(1);
        assertThat(sink.records()).extracting(IngestRecord::sourceId).containsExactly("500");
        assertThat(qx.reconcile(id).deletions()).as("the row that came back is recorded again").hasValue(0);
    }

    @ParameterizedTest(name = "{0} into a {1} store")
    @MethodSource("sourcesAndStores")
    void theGuardRefusesWhenTheKeysQueryReturnsNothingAndDeletesNothing(String type, String storeKind) {
        TestDatabase source = fillSource(type);
        String id = connector(type, storeKind, source);
        qx.pull(id);
        int commitsBefore = sink.commits();

        source.execute("CREATE TABLE products_saved AS SELECT * FROM products", "DELETE FROM products");
        PullResult refused = qx.reconcile(id);

        assertThat(refused.status()).isEqualTo(PullStatus.REFUSED);
        assertThat(refused.deletions()).hasValue(ROWS);
        assertThat(refused.error()).hasValueSatisfying(e -> assertThat(e).contains("1000 of the 1000")
                .contains("max_fraction"));
        assertThat(refused.toJson()).contains("\"status\":\"refused\"").contains("\"deletions\":1000");
        assertThat(sink.deletions()).isEmpty();
        assertThat(sink.commits()).isEqualTo(commitsBefore);

        source.execute("INSERT INTO products SELECT * FROM products_saved", "DROP TABLE products_saved");
        assertThat(qx.reconcile(id).deletions()).as("nothing was forgotten").hasValue(0);
        assertThat(qx.pull(id).duplicatesSkipped()).isEqualTo(ROWS);
    }

    private TestDatabase fillSource(String type) {
        TestDatabase source = type.equals("postgresql") ? postgres : mariadb;
        source.execute("DROP TABLE IF EXISTS products_saved", "DROP TABLE IF EXISTS products",
                "CREATE TABLE products (id BIGINT PRIMARY KEY, name VARCHAR(100))");
        StringBuilder insert = new StringBuilder("INSERT INTO products (id, name) VALUES ");
        for (int i = 1; i <= ROWS; i++) {
            insert.append(i == 1 ? "" : ",").append('(').append(i).append(", 'product ").append(i).append("')");
        }
        source.execute(insert.toString());
        return source;
    }

    private String connector(String type, String storeKind, TestDatabase source) {
        if (storeKind.equals("directory")) {
            store = ConnectorStore.directory(dir);
        } else {
            storeDatabase.execute("DROP TABLE IF EXISTS qanatix_source_id", "DROP TABLE IF EXISTS qanatix_fingerprint",
                    "DROP TABLE IF EXISTS qanatix_watermark", "DROP TABLE IF EXISTS qanatix_schedule",
                    "DROP TABLE IF EXISTS qanatix_connector");
            store = ConnectorStore.jdbc(storeDatabase.dataSource());
        }
        qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store).sink(sink).build();
        Map<String, Object> config = new HashMap<>();
        if (type.equals("postgresql")) {
            config.put("dsn", "postgresql://postgres@127.0.0.1:5432/" + source.name());
        } else {
            config.putAll(Map.of("host", "127.0.0.1", "port", 3306, "user", "root", "password", "",
                    "database", source.name()));
        }
        return qx.connectors().create(ConnectorSpec.builder().name("products").connectorType(type)
                .vertical("retail").entityType("product").connectionConfig(config)
                .query("SELECT id, name FROM products").batchSize(100)
                .deletes(DeletionDetection.withQuery("SELECT id FROM products")).build()).id();
    }
}
