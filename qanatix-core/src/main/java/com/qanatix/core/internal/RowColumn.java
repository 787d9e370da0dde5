package com.qanatix.core.internal;

import com.qanatix.core.spi.Row;
import com.qanatix.core.spi.RowLayout;

import java.util.Map;

/**
 * One named column read from row after row: for {@link Row}s its position is looked up once per
 * layout instead of by name in every row. One instance per pull; not thread-safe.
 */
final class RowColumn {
    private final String name;
    private RowLayout layout;
    private int index;

    /** @param name the column */
    RowColumn(String name) {
        this.name = name;
    }

    /**
     * @param row a row
     * @return the column's value in it, or null when absent or null
     */
    Object in(Map<String, Object> row) {
        if (row instanceof Row r) {
            if (r.layout() != layout) {
                layout = r.layout();
                index = layout.indexOf(name);
            }
            return index < 0 ? null : r.value(index);
        }
        return row.get(name);
    }
}
