package com.qanatix.examples.csv;

import com.qanatix.core.spi.SourceException;
import com.qanatix.core.spi.RecordSource;
import com.qanatix.core.spi.RowLayout;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The rows of one CSV file that pass the connector's query, read as the core asks for them.
 *
 * <p>It owns the reader: {@link #close()} closes it, once, from any thread. A pull that is aborted
 * by {@code close()} sees a {@link SourceException} from {@link #hasNext()}, never a quiet end of
 * the data, so the core does not commit a watermark for a pull that did not finish.
 */
final class CsvRecordSource implements RecordSource {
    private final BufferedReader reader;
    private final CsvRecordReader records;
    private final String[] columns;
    /** The header's names, shared by every row: a row is then the record's own array of fields. */
    private final RowLayout layout;
    private final CsvQuery.RowFilter filter;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The first data row when the file has no header line; it was read to count the columns. */
    private String[] headerlessFirstRow;
    /** The next row to return, already checked against the filter; null when not read yet. */
    private String[] pending;
    private boolean exhausted;

    CsvRecordSource(BufferedReader reader, CsvSettings settings, CsvQuery query, Object lastPull) {
        this.reader = reader;
        this.records = new CsvRecordReader(reader, settings.delimiter());
        String[] first = read();
        if (first == null) {
            // An empty file: no columns and no rows. The query is not bound, as there is nothing to filter.
            this.columns = new String[0];
            this.layout = RowLayout.of(List.of());
            this.filter = null;
            this.exhausted = true;
            return;
        }
        if (settings.header()) {
            this.columns = checkedHeader(first);
        } else {
            this.columns = new String[first.length];
            for (int i = 0; i < first.length; i++) {
                columns[i] = "column_" + (i + 1);
            }
            this.headerlessFirstRow = first;
        }
        this.layout = RowLayout.of(List.of(columns));
        this.filter = query.bind(List.of(columns), lastPull);
    }

    private static String[] checkedHeader(String[] header) {
        Set<String> seen = new HashSet<>();
        for (String name : header) {
            if (name.isBlank()) {
                throw new SourceException("the csv header has an empty column name: " + List.of(header));
            }
            if (!seen.add(name)) {
                throw new SourceException("the csv header names column '" + name + "' twice");
            }
        }
        return header;
    }

    @Override
    public boolean hasNext() {
        if (closed.get()) {
            throw new SourceException("the csv source was closed before the end of the file: the pull was aborted");
        }
        while (pending == null && !exhausted) {
            String[] fields;
            if (headerlessFirstRow != null) {
                fields = headerlessFirstRow;
                headerlessFirstRow = null;
            } else {
                fields = read();
            }
            if (fields == null) {
                exhausted = true;
            } else if (fields.length != columns.length) {
                throw new SourceException("line " + records.recordLineNumber() + " has " + fields.length
                        + " fields, but the file has " + columns.length + " columns");
            } else if (filter.keeps(fields, records.recordLineNumber())) {
                pending = fields;
            }
        }
        return pending != null;
    }

    @Override
    public Map<String, Object> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String[] fields = pending;
        pending = null;
        // The reader makes a new array for each record, so the row can own it (the caller keeps rows).
        return layout.row(fields);
    }

    private String[] read() {
        try {
            return records.next();
        } catch (IOException e) {
            if (closed.get()) {
                throw new SourceException("the csv source was closed before the end of the file: the pull was aborted");
            }
            throw new SourceException("reading the csv file failed near line " + records.recordLineNumber() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Closes the file. Idempotent: only the first call does anything. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                reader.close();
            } catch (IOException e) {
                // Closing a read-only file cannot lose data; there is nothing a caller could do.
            }
        }
    }
}
