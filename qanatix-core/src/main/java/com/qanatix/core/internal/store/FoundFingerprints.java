package com.qanatix.core.internal.store;

import java.util.Arrays;

/**
 * The entries one batched lookup found, by key: a small open-addressing table that is cleared and
 * refilled for each batch, so a lookup allocates nothing a row.
 */
final class FoundFingerprints {
    private final long[] keys;
    private final long[] values;
    private final boolean[] used;
    private final int mask;

    /** @param capacity the most entries one batch finds */
    FoundFingerprints(int capacity) {
        int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        keys = new long[slots];
        values = new long[slots];
        used = new boolean[slots];
        mask = slots - 1;
    }

    void clear() {
        Arrays.fill(used, false);
    }

    void put(long key, long value) {
        int s = slot(key);
        while (used[s] && keys[s] != key) {
            s = (s + 1) & mask;
        }
        used[s] = true;
        keys[s] = key;
        values[s] = value;
    }

    long get(long key, long missing) {
        int s = slot(key);
        while (used[s]) {
            if (keys[s] == key) {
                return values[s];
            }
            s = (s + 1) & mask;
        }
        return missing;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
