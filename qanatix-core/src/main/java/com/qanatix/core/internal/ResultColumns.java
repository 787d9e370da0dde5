package com.qanatix.core.internal;

import com.qanatix.core.Connector;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.SourceException;

import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** Finds a connector's columns in a query's result, and turns a source id value into its text. */
final class ResultColumns {
    private ResultColumns() {
    }

    /**
     * @return the column that holds the source id: {@code source_id_column}, else {@code id}, else the
     *     connector type's natural key
     */
    static String sourceIdColumn(Connector connector, ConnectorProvider provider, Map<String, Object> row) {
        if (connector.definition().sourceIdColumn().isPresent()) {
            return require(row, connector.definition().sourceIdColumn().get(), "source_id_column");
        }
        Optional<String> id = find(row, "id");
        if (id.isPresent()) {
            return id.get();
        }
        Optional<String> natural = provider.naturalKeyField().flatMap(field -> find(row, field));
        if (natural.isPresent()) {
            return natural.get();
        }
        throw new SourceException("the query's result has no 'id' column; set source_id_column to the column "
                + "that identifies a row (result columns: " + row.keySet() + ")");
    }

    /** @return the result column the setting names: see {@link #find} */
    static String require(Map<String, Object> row, String column, String field) {
        return find(row, column).orElseThrow(() -> new SourceException(field + " '" + column
                + "' is not in the query's result (result columns: " + row.keySet() + "); fix " + field
                + " or the query"));
    }

    /**
     * Finds a column of the result by name: exactly, or else the one column whose name differs only
     * in case (databases that upper-case unquoted identifiers, such as H2, Oracle, DB2 and Snowflake,
     * return {@code ID} for {@code id}). Several columns that differ only in case match none.
     */
    static Optional<String> find(Map<String, Object> row, String column) {
        if (row.containsKey(column)) {
            return Optional.of(column);
        }
        String match = null;
        for (String key : row.keySet()) {
            if (key.equalsIgnoreCase(column)) {
                if (match != null) {
                    return Optional.empty();
                }
                match = key;
            }
        }
        return Optional.ofNullable(match);
    }

    /** @return a source id value as text: decimals plain, bytes in hex */
    static String sourceId(Object value, String column, long rowNumber) {
        if (value instanceof String s) {
            return s;
        }
        if (value == null) {
            throw new SourceException("row " + rowNumber + " has no value in source_id_column '" + column
                    + "'; every row needs a source id");
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        return value.toString();
    }
}
