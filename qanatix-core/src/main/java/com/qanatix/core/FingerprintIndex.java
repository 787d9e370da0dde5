package com.qanatix.core;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The dedup memory of one connector: for each source id, the content fingerprint of the record last
 * ingested for it. Both are 64-bit hashes (of the source id, and of the record's name and data), so
 * an entry is two {@code long}s in an open-addressing table kept between half and three quarters
 * full, in pages of 16,384 entries: at most 32 bytes a record in memory, 16 bytes a record on disk, and
 * no single large array, so it fits heaps as small as 64 MB at a million records.
 *
 * <p>Not thread-safe; each pull works on its own instance.
 */
public final class FingerprintIndex {
    private static final long EMPTY = 0L;
    private static final double MAX_LOAD = 0.75;
    private static final int MIN_CAPACITY = 16;
    /** Entries a page: 2^14 longs = 128 KB an array, below any collector's "humongous" size, so small heaps stay usable. */
    private static final int PAGE_BITS = 14;
    private static final int PAGE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE - 1;

    /**
     * Odd multiplier that scrambles keys into slots, different in each index. Slots follow the key
     * order, so with one shared mapping, copying a large index into a small growing one (putAll, or
     * loading a store that returns entries in key or slot order) would insert keys in slot order and
     * pile them into one run: quadratic, a hang at a million entries.
     */
    private long multiplier = ThreadLocalRandom.current().nextLong() | 1L;
    private long[][] keys;
    private long[][] values;
    private int capacity;
    private int size;
    private int resizeAt;

    /** An empty index. */
    public FingerprintIndex() {
        this(0);
    }

    /** @param expectedSize entries to make room for */
    public FingerprintIndex(int expectedSize) {
        allocate(Math.max(MIN_CAPACITY, (int) Math.min(Integer.MAX_VALUE - 8, (long) (expectedSize / MAX_LOAD) + 1)));
    }

    private void allocate(int newCapacity) {
        int pages = (newCapacity + PAGE - 1) >>> PAGE_BITS;
        keys = new long[pages][];
        values = new long[pages][];
        for (int p = 0; p < pages; p++) {
            int length = Math.min(PAGE, newCapacity - (p << PAGE_BITS));
            keys[p] = new long[length];
            values[p] = new long[length];
        }
        capacity = newCapacity;
        resizeAt = (int) (newCapacity * MAX_LOAD);
    }

    /** @return the number of entries */
    public int size() {
        return size;
    }

    /** @return the bytes the table's arrays take: at most 32 an entry once past the first few */
    public long memoryBytes() {
        return 16L * capacity;
    }

    /**
     * @param keyHash the source id hash
     * @param missing returned when absent
     * @return the fingerprint stored for it, or {@code missing}
     */
    public long get(long keyHash, long missing) {
        long key = nonEmpty(keyHash);
        int i = slot(key);
        while (true) {
            long current = keys[i >>> PAGE_BITS][i & PAGE_MASK];
            if (current == key) {
                return values[i >>> PAGE_BITS][i & PAGE_MASK];
            }
            if (current == EMPTY) {
                return missing;
            }
            if (++i == capacity) {
                i = 0;
            }
        }
    }

    /**
     * @param keyHash the source id hash
     * @return whether an entry exists
     */
    public boolean contains(long keyHash) {
        long key = nonEmpty(keyHash);
        int i = slot(key);
        while (true) {
            long current = keys[i >>> PAGE_BITS][i & PAGE_MASK];
            if (current == key) {
                return true;
            }
            if (current == EMPTY) {
                return false;
            }
            if (++i == capacity) {
                i = 0;
            }
        }
    }

    /**
     * Stores or replaces an entry.
     *
     * @param keyHash the source id hash
     * @param fingerprint the content fingerprint
     */
    public void put(long keyHash, long fingerprint) {
        long key = nonEmpty(keyHash);
        int i = slot(key);
        while (true) {
            long[] page = keys[i >>> PAGE_BITS];
            long current = page[i & PAGE_MASK];
            if (current == key) {
                values[i >>> PAGE_BITS][i & PAGE_MASK] = fingerprint;
                return;
            }
            if (current == EMPTY) {
                page[i & PAGE_MASK] = key;
                values[i >>> PAGE_BITS][i & PAGE_MASK] = fingerprint;
                if (++size > resizeAt) {
                    grow();
                }
                return;
            }
            if (++i == capacity) {
                i = 0;
            }
        }
    }

    /**
     * Adds every entry of another index, replacing entries with the same key.
     *
     * @param other the entries to add
     */
    public void putAll(FingerprintIndex other) {
        other.forEach(this::put);
    }

    /** @param action called with each key hash and fingerprint */
    public void forEach(EntryConsumer action) {
        for (int p = 0; p < keys.length; p++) {
            long[] k = keys[p];
            long[] v = values[p];
            for (int j = 0; j < k.length; j++) {
                if (k[j] != EMPTY) {
                    action.accept(k[j], v[j]);
                }
            }
        }
    }

    /** @return an independent copy */
    public FingerprintIndex copy() {
        FingerprintIndex copy = new FingerprintIndex(0);
        copy.keys = new long[keys.length][];
        copy.values = new long[values.length][];
        for (int p = 0; p < keys.length; p++) {
            copy.keys[p] = keys[p].clone();
            copy.values[p] = values[p].clone();
        }
        copy.capacity = capacity;
        copy.multiplier = multiplier;
        copy.size = size;
        copy.resizeAt = resizeAt;
        return copy;
    }

    private void grow() {
        long[][] oldKeys = keys;
        long[][] oldValues = values;
        // Growing by half (not doubling) keeps the table at least half full: at most 32 bytes an entry.
        allocate((int) Math.min(Integer.MAX_VALUE - 8, capacity + (long) capacity / 2));
        for (int p = 0; p < oldKeys.length; p++) {
            long[] k = oldKeys[p];
            long[] v = oldValues[p];
            for (int j = 0; j < k.length; j++) {
                long key = k[j];
                if (key != EMPTY) {
                    int i = slot(key);
                    while (keys[i >>> PAGE_BITS][i & PAGE_MASK] != EMPTY) {
                        if (++i == capacity) {
                            i = 0;
                        }
                    }
                    keys[i >>> PAGE_BITS][i & PAGE_MASK] = key;
                    values[i >>> PAGE_BITS][i & PAGE_MASK] = v[j];
                }
            }
            oldKeys[p] = null; // let each old page go as soon as it is moved
            oldValues[p] = null;
        }
    }

    private static long nonEmpty(long keyHash) {
        return keyHash == EMPTY ? 1L : keyHash;
    }

    private int slot(long key) {
        // Scramble with this index's multiplier, then map the high 32 bits onto [0, capacity).
        return (int) ((((key * multiplier) >>> 32) * capacity) >>> 32);
    }

    /** Receives the entries of an index. */
    @FunctionalInterface
    public interface EntryConsumer {
        /**
         * @param keyHash the source id hash
         * @param fingerprint the content fingerprint
         */
        void accept(long keyHash, long fingerprint);
    }
}
