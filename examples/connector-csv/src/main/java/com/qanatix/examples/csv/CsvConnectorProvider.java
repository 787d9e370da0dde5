package com.qanatix.examples.csv;

import com.qanatix.core.InvalidConfigException;
import com.qanatix.core.SourceException;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Connector type {@code csv}: rows of a local CSV file whose first line names the columns.
 *
 * <p>{@code connection_config}: {@code {"path": "/data/products.csv", "delimiter": ","}}. The query
 * is {@code *} for every column, or a comma-separated list of the columns to keep. A file has no
 * server-side filter, so {@code :last_pull} is not used: every pull reads the whole file and the
 * SDK's dedup skips the rows that did not change. Values are strings, as CSV has no types.
 *
 * <p>This is the whole contract of a plugin: name a type, validate before anything is stored, open
 * a streaming source; list the class in
 * {@code META-INF/services/com.qanatix.core.spi.ConnectorProvider}.
 */
public final class CsvConnectorProvider implements ConnectorProvider {

    @Override
    public String connectorType() {
        return "csv";
    }

    @Override
    public Set<String> secretConfigKeys() {
        return Set.of(); // a file path is not a secret
    }

    @Override
    public void validate(ConnectorConfig config, String query) {
        config.requireString("path");
        delimiter(config);
        columns(query);
    }

    @Override
    public RecordSource open(PullContext context) {
        ConnectorConfig config = context.config();
        Path path = Path.of(config.requireString("path"));
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter(config)).setHeader()
                .setSkipHeaderRecord(true).setTrim(true).get();
        Reader reader = null;
        try {
            reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
            CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get();
            return new CsvRecordSource(parser, columns(context.query()));
        } catch (IOException | RuntimeException e) {
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException ignored) {
                    // reporting the first failure matters more
                }
            }
            throw new SourceException("cannot read CSV file " + path + ": " + e.getMessage(), e);
        }
    }

    private static char delimiter(ConnectorConfig config) {
        String d = config.optionalString("delimiter").orElse(",");
        if (d.length() != 1) {
            throw new InvalidConfigException("connection_config.delimiter must be one character");
        }
        return d.charAt(0);
    }

    /** @return the columns to keep, or an empty list for all */
    private static List<String> columns(String query) {
        String q = query.strip();
        if (q.equals("*")) {
            return List.of();
        }
        List<String> columns = Arrays.stream(q.split(",")).map(String::strip).toList();
        if (columns.stream().anyMatch(String::isEmpty)) {
            throw new InvalidConfigException("query must be * or a comma-separated list of column names");
        }
        return columns;
    }
}
