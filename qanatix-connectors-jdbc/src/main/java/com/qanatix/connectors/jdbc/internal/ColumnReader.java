package com.qanatix.connectors.jdbc.internal;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads one column of the current row as a normalized value; chosen once per column, used for every
 * row. A reader may leave part of the work to {@link #decode} (see
 * {@link com.qanatix.core.spi.RecordSource#decode}), which runs without the driver.
 */
@FunctionalInterface
public interface ColumnReader {
    /**
     * @param rs the result set, on a row
     * @param column the 1-based column index
     * @return the normalized value, or null for SQL NULL; for a reader that {@link #decodes()}, what
     *     {@link #decode} takes
     * @throws SQLException from the driver
     */
    Object read(ResultSet rs, int column) throws SQLException;

    /** @return whether values from {@link #read} still need {@link #decode} */
    default boolean decodes() {
        return false;
    }

    /**
     * Finishes a value, without the result set: on the pulling thread when the pull reads ahead.
     *
     * @param raw what {@link #read} returned
     * @return the normalized value
     */
    default Object decode(Object raw) {
        return raw;
    }
}
