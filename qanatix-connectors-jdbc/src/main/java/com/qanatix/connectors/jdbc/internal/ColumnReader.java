package com.qanatix.connectors.jdbc.internal;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads one column of the current row as a normalized value; chosen once per column, used for every row. */
@FunctionalInterface
public interface ColumnReader {
    /**
     * @param rs the result set, on a row
     * @param column the 1-based column index
     * @return the normalized value, or null for SQL NULL
     * @throws SQLException from the driver
     */
    Object read(ResultSet rs, int column) throws SQLException;
}
