package com.qanatix.core.spi;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The column names every row of one result shares, so a {@link RecordSource} can build each row as
 * a {@link Row}: its values in an array, without a hash table of entries per row.
 *
 * <p>Build one layout when the result's columns are known (a JDBC result set's metadata, the
 * first record of a Cypher result) and call {@link #row(Object[])} for every row:
 * <pre>{@code
 * RowLayout layout = RowLayout.of(List.of("id", "name", "price"));
 * Map<String, Object> row = layout.row(new Object[] {42L, "Lamp", new BigDecimal("19.90")});
 * }</pre>
 * The core recognizes rows of one layout and hashes their column names once, not per row.
 * Immutable and thread-safe.
 */
public final class RowLayout {
    private final String[] columns;
    private final Map<String, Integer> positions;

    private RowLayout(String[] columns) {
        this.columns = columns;
        this.positions = new HashMap<>(columns.length * 2);
        for (int i = 0; i < columns.length; i++) {
            if (positions.put(columns[i], i) != null) {
                throw new IllegalArgumentException("column '" + columns[i] + "' appears twice in the result; "
                        + "give the columns distinct names (aliases)");
            }
        }
    }

    /**
     * @param columns the column names, in result order
     * @return the layout
     * @throws IllegalArgumentException when a name appears twice (a row could not hold both values)
     */
    public static RowLayout of(List<String> columns) {
        requireNonNull(columns, "columns is null");
        String[] names = new String[columns.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = requireNonNull(columns.get(i), "column name is null");
        }
        return new RowLayout(names);
    }

    /** @return the number of columns */
    public int size() {
        return columns.length;
    }

    /**
     * @param index a position, from 0
     * @return the column name there
     */
    public String column(int index) {
        return columns[index];
    }

    /** @return the column names, in result order */
    public List<String> columns() {
        return List.of(columns);
    }

    /**
     * @param column a column name
     * @return its position, or -1 when the layout has no such column
     */
    public int indexOf(Object column) {
        Integer i = positions.get(column);
        return i == null ? -1 : i;
    }

    /**
     * A row of this layout. The array is taken over, not copied: the caller must not change it
     * afterwards.
     *
     * @param values one value a column, in column order; {@code null} for SQL NULL
     * @return the row, an unmodifiable map
     * @throws IllegalArgumentException when the array does not have one value a column
     */
    public Row row(Object[] values) {
        requireNonNull(values, "values is null");
        if (values.length != columns.length) {
            throw new IllegalArgumentException("a row of " + columns.length + " columns got " + values.length
                    + " values");
        }
        return new Row(this, values);
    }

    @Override
    public String toString() {
        return "RowLayout" + Arrays.toString(columns);
    }
}
