package com.qanatix.examples.csv;

import com.qanatix.core.spi.SourceException;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a CSV stream into records of fields (RFC 4180): fields may be quoted with {@code "},
 * a quoted field may hold the delimiter, a line break, or a doubled {@code ""} for a quote.
 * Reads one line at a time from a {@link BufferedReader}, so memory holds one record, never the
 * file. Blank lines between records are skipped.
 */
final class CsvRecordReader {
    private static final char QUOTE = '"';
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final BufferedReader reader;
    private final char delimiter;
    private final StringBuilder cell = new StringBuilder();
    private final List<String> fields = new ArrayList<>();
    private long lineNumber;
    private long recordLineNumber;

    CsvRecordReader(BufferedReader reader, char delimiter) {
        this.reader = reader;
        this.delimiter = delimiter;
    }

    /** @return the 1-based line on which the record last returned by {@link #next()} starts */
    long recordLineNumber() {
        return recordLineNumber;
    }

    /**
     * @return the next record's fields, or null at the end of the file
     * @throws IOException when reading fails
     * @throws SourceException when the file ends inside a quoted field
     */
    String[] next() throws IOException {
        String line;
        do {
            line = readLine();
            if (line == null) {
                return null;
            }
        } while (line.isEmpty());
        recordLineNumber = lineNumber;
        fields.clear();
        cell.setLength(0);
        boolean inQuotes = false;
        int i = 0;
        while (true) {
            int length = line.length();
            while (i < length) {
                char c = line.charAt(i++);
                if (inQuotes) {
                    if (c != QUOTE) {
                        cell.append(c);
                    } else if (i < length && line.charAt(i) == QUOTE) {
                        cell.append(QUOTE); // "" inside quotes is one quote
                        i++;
                    } else {
                        inQuotes = false;
                    }
                } else if (c == delimiter) {
                    fields.add(cell.toString());
                    cell.setLength(0);
                } else if (c == QUOTE && cell.isEmpty()) {
                    inQuotes = true;
                } else {
                    cell.append(c);
                }
            }
            if (!inQuotes) {
                break;
            }
            // The quoted field holds a line break: the record goes on on the next line.
            line = readLine();
            if (line == null) {
                throw new SourceException("line " + recordLineNumber + ": a quoted field is not closed before the end "
                        + "of the file");
            }
            cell.append('\n');
            i = 0;
        }
        fields.add(cell.toString());
        return fields.toArray(new String[0]);
    }

    private String readLine() throws IOException {
        String line = reader.readLine();
        if (line != null) {
            lineNumber++;
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                line = line.substring(1);
            }
        }
        return line;
    }
}
