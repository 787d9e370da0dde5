package com.qanatix.examples.csv;

import com.qanatix.core.spi.SourceException;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Set;

/**
 * Connector type {@code csv}: the rows of a local CSV file. An example of a connector type that
 * ships in its own jar; copy this module to write your own.
 *
 * <p>{@code connection_config}:
 * <pre>{@code
 * {"path": "/data/products.csv",   // required
 *  "delimiter": ",",               // one character, default ","
 *  "header": true,                 // first line names the columns, default true;
 *                                  //   false names them column_1, column_2, ...
 *  "encoding": "UTF-8"}            // default UTF-8; a byte order mark is skipped
 * }</pre>
 *
 * <p>{@code query} is {@code *} (every row) or conditions joined by {@code AND}:
 * {@code column = 'text'} keeps rows whose cell equals the text, and
 * {@code column > :last_pull} keeps rows whose cell, an ISO-8601 timestamp, is after the
 * watermark. For example {@code status = 'active' AND updated_at > :last_pull}.
 *
 * <p>Every value is a {@code String}, as CSV has no types (an empty cell is {@code ""}). Without a
 * {@code > :last_pull} condition each pull reads the whole file and the core's dedup skips the rows
 * that did not change, which is the simplest correct incremental pull for a file. With one, only
 * recent rows are read; the core's lookback window re-reads a few, and dedup skips them too.
 *
 * <p>This class is thread-safe and stateless: one instance serves every {@code csv} connector.
 * It is found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/com.qanatix.core.spi.ConnectorProvider} in this jar.
 */
public final class CsvConnectorProvider implements ConnectorProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} needs this public no-arg constructor. */
    public CsvConnectorProvider() {
    }

    @Override
    public String connectorType() {
        return "csv";
    }

    /** A file path is not a secret, so nothing in this type's config needs masking. */
    @Override
    public Set<String> secretConfigKeys() {
        return Set.of();
    }

    /** Every key this type reads; any other key a user adds is treated as a secret. */
    @Override
    public Set<String> nonSecretConfigKeys() {
        return Set.of("path", "delimiter", "header", "encoding");
    }

    /**
     * Checks the config and the query without touching the file: the file may legitimately appear
     * only before the first pull.
     */
    @Override
    public void validate(ConnectorConfig config, String query) {
        CsvSettings.from(config);
        CsvQuery.parse(query);
    }

    @Override
    public RecordSource open(PullContext context) {
        CsvSettings settings = CsvSettings.from(context.config());
        CsvQuery query = CsvQuery.parse(context.query());
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(settings.path(), settings.charset());
        } catch (NoSuchFileException e) {
            throw new SourceException("csv file not found: " + settings.path());
        } catch (IOException e) {
            throw new SourceException("cannot open csv file " + settings.path() + ": " + e.getMessage(), e);
        }
        // From here on the source owns the reader; if building it fails, close the reader ourselves.
        try {
            return new CsvRecordSource(reader, settings, query, context.lastPull());
        } catch (RuntimeException e) {
            try {
                reader.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
