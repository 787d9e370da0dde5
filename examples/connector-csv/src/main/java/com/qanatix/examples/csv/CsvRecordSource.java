package com.qanatix.examples.csv;

import com.qanatix.core.SourceException;
import com.qanatix.core.spi.RecordSource;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** Streams a CSV file a line at a time; closing it closes the file. */
final class CsvRecordSource implements RecordSource {
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> columns;
    private boolean closed;

    CsvRecordSource(CSVParser parser, List<String> selected) {
        this.parser = parser;
        this.records = parser.iterator();
        List<String> header = parser.getHeaderNames();
        for (String column : selected) {
            if (!header.contains(column)) {
                close();
                throw new SourceException("column '" + column + "' is not in the CSV header " + header);
            }
        }
        this.columns = selected.isEmpty() ? header : selected;
    }

    @Override
    public boolean hasNext() {
        try {
            return !closed && records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new SourceException("reading the CSV file failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Object> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CSVRecord record = records.next();
        Map<String, Object> row = new LinkedHashMap<>();
        for (String column : columns) {
            row.put(column, record.isSet(column) ? record.get(column) : null);
        }
        return row;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            parser.close();
        } catch (IOException e) {
            // nothing is left to release
        }
    }
}
