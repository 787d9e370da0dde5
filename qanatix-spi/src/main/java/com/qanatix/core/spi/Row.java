package com.qanatix.core.spi;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One row of a result: an unmodifiable map from column name to value, in column order, backed by
 * an array and the {@link RowLayout} every row of the result shares. Values may be {@code null}
 * (SQL NULL). Made by {@link RowLayout#row(Object[])}.
 */
public final class Row extends AbstractMap<String, Object> {
    private final RowLayout layout;
    private final Object[] values;

    Row(RowLayout layout, Object[] values) {
        this.layout = layout;
        this.values = values;
    }

    /** @return the layout this row shares with the other rows of its result */
    public RowLayout layout() {
        return layout;
    }

    /**
     * @param index a column position, from 0
     * @return the value there, possibly {@code null}
     */
    public Object value(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return layout.indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = layout.indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < values.length; i++) {
            action.accept(layout.column(i), values[i]);
        }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(layout.column(i), values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}
