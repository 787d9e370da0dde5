package com.qanatix.core.internal;

import java.util.Arrays;

/**
 * A small open-addressing map from {@code long} keys to {@code long} values, filled and emptied once
 * per batch or chunk of a pull: {@link #clear()} costs nothing a slot, so reusing the table allocates
 * nothing a row. Its keys are source id hashes, already well mixed, so a slot is taken from their bits
 * as they are. Holds at most the capacity it was made for; used by one thread.
 */
public final class LongToLongTable {
    private final long[] keys;
    private final long[] values;
    private final int[] generations;
    private final int mask;
    private int generation = 1;

    /** @param capacity the most entries the table holds between two {@link #clear()} calls */
    public LongToLongTable(int capacity) {
        int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        keys = new long[slots];
        values = new long[slots];
        generations = new int[slots];
        mask = slots - 1;
    }

    /** Removes every entry. */
    public void clear() {
        if (++generation == 0) {
            Arrays.fill(generations, 0);
            generation = 1;
        }
    }

    /**
     * @param key a key
     * @param otherwise what to return when the key has no entry
     * @return the key's value, or {@code otherwise}
     */
    public long get(long key, long otherwise) {
        for (int at = slot(key); generations[at] == generation; at = (at + 1) & mask) {
            if (keys[at] == key) {
                return values[at];
            }
        }
        return otherwise;
    }

    /**
     * Sets a key's value, replacing the one it had.
     *
     * @param key a key
     * @param value its value
     */
    public void put(long key, long value) {
        int at = slot(key);
        while (generations[at] == generation && keys[at] != key) {
            at = (at + 1) & mask;
        }
        generations[at] = generation;
        keys[at] = key;
        values[at] = value;
    }

    private int slot(long key) {
        return (int) (key ^ (key >>> 32)) & mask;
    }
}
