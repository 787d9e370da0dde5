package com.qanatix.core;

/**
 * The dedup memory of one connector: for each source id, the content fingerprint of the record last
 * ingested for it. Both are 64-bit hashes (of the source id, and of the record's name and data), so
 * an entry is two {@code long}s in an open-addressing table kept between half and three quarters
 * full: at most 32 bytes a record in memory, and 16 bytes a record on disk.
 *
 * <p>Not thread-safe; each pull works on its own instance.
 */
public final class FingerprintIndex {
    private static final long EMPTY = 0L;
    private static final double MAX_LOAD = 0.75;
    private static final int MIN_CAPACITY = 16;

    private long[] keys;
    private long[] values;
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

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        resizeAt = (int) (capacity * MAX_LOAD);
    }

    /** @return the number of entries */
    public int size() {
        return size;
    }

    /** @return the bytes the table's arrays take: at most 32 an entry once past the first few */
    public long memoryBytes() {
        return 16L * keys.length;
    }

    /**
     * @param keyHash the source id hash
     * @param missing returned when absent
     * @return the fingerprint stored for it, or {@code missing}
     */
    public long get(long keyHash, long missing) {
        long key = nonEmpty(keyHash);
        long[] k = keys;
        int capacity = k.length;
        int i = slot(key, capacity);
        while (true) {
            long current = k[i];
            if (current == key) {
                return values[i];
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
        int capacity = keys.length;
        int i = slot(key, capacity);
        while (true) {
            long current = keys[i];
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
        int capacity = keys.length;
        int i = slot(key, capacity);
        while (true) {
            long current = keys[i];
            if (current == key) {
                values[i] = fingerprint;
                return;
            }
            if (current == EMPTY) {
                keys[i] = key;
                values[i] = fingerprint;
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
        long[] k = keys;
        long[] v = values;
        for (int i = 0; i < k.length; i++) {
            if (k[i] != EMPTY) {
                action.accept(k[i], v[i]);
            }
        }
    }

    /** @return an independent copy */
    public FingerprintIndex copy() {
        FingerprintIndex copy = new FingerprintIndex(0);
        copy.keys = keys.clone();
        copy.values = values.clone();
        copy.size = size;
        copy.resizeAt = resizeAt;
        return copy;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        // Growing by half (not doubling) keeps the table at least half full: at most 32 bytes an entry.
        allocate((int) Math.min(Integer.MAX_VALUE - 8, oldKeys.length + (long) oldKeys.length / 2));
        int capacity = keys.length;
        for (int j = 0; j < oldKeys.length; j++) {
            long key = oldKeys[j];
            if (key != EMPTY) {
                int i = slot(key, capacity);
                while (keys[i] != EMPTY) {
                    if (++i == capacity) {
                        i = 0;
                    }
                }
                keys[i] = key;
                values[i] = oldValues[j];
            }
        }
    }

    private static long nonEmpty(long keyHash) {
        return keyHash == EMPTY ? 1L : keyHash;
    }

    private static int slot(long key, int capacity) {
        // Keys are already uniformly distributed hashes: map the high 32 bits onto [0, capacity).
        return (int) (((key >>> 32) * capacity) >>> 32);
    }

    /** Receives the entries of an index. */
    @FunctionalInterface
    public interface EntryConsumer {
        /** @param keyHash the source id hash @param fingerprint the content fingerprint */
        void accept(long keyHash, long fingerprint);
    }
}
