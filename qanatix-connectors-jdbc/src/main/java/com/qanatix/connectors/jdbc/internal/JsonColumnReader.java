package com.qanatix.connectors.jdbc.internal;

import com.qanatix.core.spi.SourceException;
import com.qanatix.core.json.JsonValueReader;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A JSON column (PostgreSQL json/jsonb, MySQL JSON, a column named in {@code json_columns}) as
 * {@code Map}/{@code List} values. {@link #read} only takes the text from the driver, {@link #decode}
 * parses it, with one parser for the column: parsing was about a quarter of the reading thread's
 * work on PostgreSQL, and the server waits for that thread (BENCHMARKS.md).
 *
 * <p>On PostgreSQL the text is the driver's raw UTF-8 bytes (pgjdbc hands over the column's buffer
 * without a copy, and never reuses it), parsed without building a String. A jsonb value sent in
 * binary format ({@code binaryTransferEnable}) starts with its format version, 1, which JSON text
 * never does.
 */
final class JsonColumnReader implements ColumnReader {
    private final String column;
    private final boolean utf8Bytes;
    private final JsonValueReader parser = new JsonValueReader();

    /**
     * @param column the column's label, for errors
     * @param utf8Bytes whether the driver's bytes are the text in UTF-8 (PostgreSQL), rather than read as a String
     */
    JsonColumnReader(String column, boolean utf8Bytes) {
        this.column = column;
        this.utf8Bytes = utf8Bytes;
    }

    @Override
    public Object read(ResultSet rs, int i) throws SQLException {
        return utf8Bytes ? rs.getBytes(i) : rs.getString(i);
    }

    @Override
    public boolean decodes() {
        return true;
    }

    @Override
    public Object decode(Object raw) {
        try {
            if (raw instanceof byte[] bytes) {
                int offset = bytes.length > 0 && bytes[0] == 1 ? 1 : 0;
                return parser.read(bytes, offset, bytes.length - offset);
            }
            return raw == null ? null : parser.read((String) raw);
        } catch (IllegalArgumentException e) {
            throw new SourceException("column " + column + " holds invalid JSON: " + e.getMessage());
        }
    }
}
