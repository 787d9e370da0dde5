package com.qanatix.examples.csv;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.spi.SourceException;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code csv} provider on its own, driven the way the core drives it. */
class CsvConnectorProviderTest {
    private final CsvConnectorProvider provider = new CsvConnectorProvider();

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static Map<String, Object> config(Path file, Object... more) {
        Map<String, Object> config = new HashMap<>();
        config.put("path", file.toString());
        for (int i = 0; i < more.length; i += 2) {
            config.put((String) more[i], more[i + 1]);
        }
        return config;
    }

    private List<Map<String, Object>> pull(Map<String, Object> config, String query, Instant lastPull) {
        PullContext context = PullContext.builder().config(ConnectorConfig.of(config)).query(query)
                .parameter(PullContext.LAST_PULL, lastPull).build();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (RecordSource source = provider.open(context)) {
            source.forEachRemaining(rows::add);
        }
        return rows;
    }

    private List<Map<String, Object>> pullAll(Map<String, Object> config) {
        return pull(config, "*", Instant.EPOCH);
    }

    @Test
    void servesConnectorTypeCsvAndHasNoSecretKeys() {
        assertThat(provider.connectorType()).isEqualTo("csv");
        assertThat(provider.secretConfigKeys()).isEmpty();
        assertThat(provider.nonSecretConfigKeys()).containsExactlyInAnyOrder("path", "delimiter", "header", "encoding");
    }

    @Test
    void readsEveryRowAsStringsNamedByTheHeaderInColumnOrder() throws IOException {
        Path file = file("id,name,price\n1,Anvil,10.50\n2,Bolt,\n");

        List<Map<String, Object>> rows = pullAll(config(file));

        assertThat(rows).containsExactly(
                Map.of("id", "1", "name", "Anvil", "price", "10.50"),
                Map.of("id", "2", "name", "Bolt", "price", ""));
        assertThat(rows.get(0).keySet()).containsExactly("id", "name", "price");
    }

    @Test
    void readsQuotedFieldsWithDelimitersQuotesAndLineBreaks() throws IOException {
        Path file = file("id,name,note\r\n1,\"Anvil, large\",\"say \"\"hi\"\"\"\r\n2,Bolt,\"two\nlines\"\r\n");

        assertThat(pullAll(config(file))).containsExactly(
                Map.of("id", "1", "name", "Anvil, large", "note", "say \"hi\""),
                Map.of("id", "2", "name", "Bolt", "note", "two\nlines"));
    }

    @Test
    void usesTheConfiguredDelimiterAndSkipsByteOrderMarkAndBlankLines() throws IOException {
        Path file = file("\uFEFFid;name\n\n1;Anvil\n\n2;Bolt\n");

        assertThat(pullAll(config(file, "delimiter", ";")))
                .containsExactly(Map.of("id", "1", "name", "Anvil"), Map.of("id", "2", "name", "Bolt"));
    }

    @Test
    void namesColumnsByPositionWithoutAHeader() throws IOException {
        Path file = file("1,Anvil\n2,Bolt\n");

        assertThat(pull(config(file, "header", false), "column_2 = 'Bolt'", Instant.EPOCH))
                .containsExactly(Map.of("column_1", "2", "column_2", "Bolt"));
    }

    @Test
    void keepsOnlyRowsMatchingEveryCondition() throws IOException {
        Path file = file("id,name,status\n1,Anvil,active\n2,Bolt,retired\n3,O'Brien,active\n");

        assertThat(pull(config(file), "status = 'active'", Instant.EPOCH)).extracting(r -> r.get("id"))
                .containsExactly("1", "3");
        assertThat(pull(config(file), "status = 'active' and name = 'O''Brien'", Instant.EPOCH))
                .extracting(r -> r.get("id")).containsExactly("3");
    }

    @Test
    void keepsRowsUpdatedAfterLastPullReadingIsoTimestampsAsUtcWhenTheyHaveNoOffset() throws IOException {
        Path file = file("""
                id,updated_at
                1,2024-05-01T09:00:00Z
                2,2024-05-01T12:30:00+02:00
                3,2024-05-01 10:00:01
                4,2024-05-02
                5,
                """);

        List<Map<String, Object>> rows = pull(config(file), "updated_at > :last_pull",
                Instant.parse("2024-05-01T10:00:00Z"));

        assertThat(rows).extracting(r -> r.get("id")).containsExactly("2", "3", "4");
    }

    @Test
    void anEmptyFileHasNoRows() throws IOException {
        assertThat(pull(config(file("")), "updated_at > :last_pull", Instant.EPOCH)).isEmpty();
    }

    @Test
    void rejectsABadConfigOrQueryAtValidationNamingTheField() throws IOException {
        Path file = file("id\n1\n");
        assertThatThrownBy(() -> provider.validate(ConnectorConfig.of(Map.of("delimiter", ",")), "*"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("connection_config.path");
        assertThatThrownBy(() -> provider.validate(ConnectorConfig.of(config(file, "delimiter", ";;")), "*"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("connection_config.delimiter");
        assertThatThrownBy(() -> provider.validate(ConnectorConfig.of(config(file, "header", "yes")), "*"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("connection_config.header");
        assertThatThrownBy(() -> provider.validate(ConnectorConfig.of(config(file, "encoding", "klingon")), "*"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("connection_config.encoding");
        assertThatThrownBy(() -> provider.validate(ConnectorConfig.of(config(file)), "SELECT * FROM x"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("query")
                .hasMessageContaining("SELECT * FROM x");
    }

    @Test
    void acceptsAConfigWhoseFileDoesNotExistYetButFailsThePullSayingSo() {
        Path missing = dir.resolve("later.csv");
        provider.validate(ConnectorConfig.of(config(missing)), "*");

        assertThatThrownBy(() -> pullAll(config(missing)))
                .isInstanceOf(SourceException.class).hasMessageContaining("csv file not found").hasMessageContaining("later.csv");
    }

    @Test
    void failsNamingTheLineWhenARowHasTheWrongNumberOfFields() throws IOException {
        Path file = file("id,name\n1,Anvil\n2,Bolt,extra\n");

        assertThatThrownBy(() -> pullAll(config(file)))
                .isInstanceOf(SourceException.class).hasMessageContaining("line 3 has 3 fields");
    }

    @Test
    void failsWhenAQuotedFieldIsNotClosed() throws IOException {
        Path file = file("id,name\n1,\"Anvil\n");

        assertThatThrownBy(() -> pullAll(config(file)))
                .isInstanceOf(SourceException.class).hasMessageContaining("line 2").hasMessageContaining("not closed");
    }

    @Test
    void failsWhenTheQueryNamesAColumnTheFileLacksOrALastPullCellIsNoTimestamp() throws IOException {
        Path file = file("id,updated_at\n1,yesterday\n");

        assertThatThrownBy(() -> pull(config(file), "status = 'x'", Instant.EPOCH))
                .isInstanceOf(SourceException.class).hasMessageContaining("'status'");
        assertThatThrownBy(() -> pull(config(file), "updated_at > :last_pull", Instant.EPOCH))
                .isInstanceOf(SourceException.class).hasMessageContaining("line 2").hasMessageContaining("updated_at");
    }

    @Test
    void closeIsIdempotentAndAnAbortedSourceDoesNotLookFinished() throws IOException {
        Path file = file("id\n1\n2\n");
        PullContext context = PullContext.builder().config(ConnectorConfig.of(config(file))).query("*").build();
        RecordSource source = provider.open(context);
        assertThat(source.next()).containsEntry("id", "1");

        source.close();
        source.close();

        assertThatThrownBy(source::hasNext).isInstanceOf(SourceException.class).hasMessageContaining("aborted");
    }
}
