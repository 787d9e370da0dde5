package com.qanatix.core.internal.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The dedup memory of one connector: for each source id, the content fingerprint of the record last
 * ingested for it. Both are 64-bit hashes (of the source id, and of the record's name and data), so
 * an entry is 16 bytes: the two {@code long}s side by side, so a lookup costs one cache miss.
 *
 * <p><b>Memory.</b> The entries live outside the Java heap, in direct buffers (counted against
 * {@code -XX:MaxDirectMemorySize}, which defaults to the maximum heap size). A million source ids
 * take about 33 MB there and a few kilobytes of heap, so the garbage collector never copies or
 * scans them and a small heap stays free for the rows in flight. Measured: with the index on the
 * heap, a 64 MB heap spent half its time collecting (BENCHMARKS.md).
 *
 * <p><b>Layout.</b> Extendible hashing: the top bits of a scrambled key choose a page through a
 * directory, and each page is an open-addressing table of up to 4,096 entries (64 KB). A page
 * that passes three quarters full splits in two on its next bit, so the index grows one page at a
 * time (no rehash of the whole table, no moment with two copies) and stays between about 3/8 and
 * 3/4 full: 21 to 43 bytes an entry, about 33 on average (pages fill at one rate and split in waves). A small index is one small page that
 * doubles until it reaches the full page size.
 *
 * <p><b>Lifecycle.</b> {@link #close()} gives the pages back for reuse by the next index, so a
 * process that pulls all day allocates its direct memory once; an index that is never closed is
 * freed by the garbage collector like any direct buffer. Whoever creates or is handed an index
 * closes it (see {@link PullState}).
 *
 * <p>Not thread-safe; each pull works on its own instance.
 */
public final class FingerprintIndex implements AutoCloseable {
    private static final long EMPTY = HashBits.EMPTY;
    private static final int ENTRY_BYTES = 16;
    private static final int PAGE_BITS = 12;
    /** Entries in a full page: 4,096, 64 KB. */
    private static final int PAGE_SLOTS = 1 << PAGE_BITS;
    private static final int MIN_SLOTS = 16;
    private static final int MAX_DEPTH = 30;
    private static final int PRESIZE_ENTRIES_A_PAGE = PAGE_SLOTS * 6 / 10;

    /**
     * Odd multiplier that scrambles keys, different in each index. With one shared mapping, copying
     * a large index into a small growing one (putAll, or loading a store that returns entries in
     * slot order) would insert keys in slot order and pile them into one run.
     */
    private final long multiplier;
    /** Whether this is a read-only view of another index's pages (see {@link #readOnlyView()}). */
    private boolean view;
    /** The directory of a closed index: empty, so any lookup fails at once. */
    private static final Page[] CLOSED = new Page[0];
    /** Directory: entry {@code d} is the page for scrambled keys whose top {@code depth} bits are {@code d}. */
    private Page[] directory;
    private int depth;
    private int size;
    private long memoryBytes;
    /** Scratch space for splitting a page, allocated on the first split. */
    private long[] spill;

    /** An empty index. */
    public FingerprintIndex() {
        this(0);
    }

    /** @param expectedSize entries to make room for */
    public FingerprintIndex(int expectedSize) {
        this(ThreadLocalRandom.current().nextLong() | 1L);
        if (expectedSize < 0) {
            throw new IllegalArgumentException("expectedSize is negative: " + expectedSize);
        }
        if (expectedSize <= PAGE_SLOTS / 2) {
            int slots = MIN_SLOTS;
            while (slots - (slots >>> 2) < expectedSize) {
                slots <<= 1;
            }
            directory = new Page[] {newPage(slots, 0)};
        } else {
            // Full pages, at most about 60% full once loaded, so loading a known number of entries never splits.
            long pages = (expectedSize + PRESIZE_ENTRIES_A_PAGE - 1) / PRESIZE_ENTRIES_A_PAGE;
            depth = Math.min(MAX_DEPTH, 64 - Long.numberOfLeadingZeros(pages - 1));
            directory = new Page[1 << depth];
            for (int i = 0; i < directory.length; i++) {
                directory[i] = newPage(PAGE_SLOTS, depth);
            }
        }
    }

    private FingerprintIndex(long multiplier) {
        this.multiplier = multiplier;
    }

    /** @return the number of entries */
    public int size() {
        return size;
    }

    /** @return the bytes of direct (off-heap) memory the entries take: about 33 an entry once past one page */
    public long memoryBytes() {
        return memoryBytes;
    }

    /**
     * @param keyHash the source id hash
     * @param missing returned when absent
     * @return the fingerprint stored for it, or {@code missing}
     */
    public long get(long keyHash, long missing) {
        long key = HashBits.nonEmpty(keyHash);
        long h = key * multiplier;
        Page page = pageFor(h);
        int at = probe(page, key, h);
        return at >= 0 ? page.entries.getLong(at + 8) : missing;
    }

    /**
     * Looks up many keys at once: {@code out[i]} becomes the fingerprint stored for
     * {@code keyHashes[i]}, or {@code missing}. Faster than one {@link #get} after another on an
     * index larger than the CPU caches, where each lookup waits for a cache miss: a first pass
     * touches every key's slot, so the misses are in flight together, then a second pass probes
     * in cache.
     *
     * @param keyHashes source id hashes
     * @param count how many of them, from the first
     * @param missing stored in {@code out} for a key without an entry
     * @param out receives the fingerprints; at least {@code count} long
     */
    public void getAll(long[] keyHashes, int count, long missing, long[] out) {
        if (count < 0 || count > keyHashes.length || count > out.length) {
            throw new IndexOutOfBoundsException("count " + count + " for arrays of " + keyHashes.length
                    + " and " + out.length);
        }
        if (directory == CLOSED) {
            throw closed();
        }
        if (size == 0) {
            Arrays.fill(out, 0, count, missing); // a first pull's committed index, a re-pull's changes
            return;
        }
        for (int i = 0; i < count; i++) {
            long h = HashBits.nonEmpty(keyHashes[i]) * multiplier;
            Page page = pageFor(h);
            // Independent loads: the CPU overlaps their misses. The value is kept so the load stays.
            out[i] = page.entries.getLong((HashBits.slot(h) & (page.slots - 1)) * ENTRY_BYTES);
        }
        for (int i = 0; i < count; i++) {
            out[i] = get(keyHashes[i], missing);
        }
    }

    /**
     * @param keyHash the source id hash
     * @return whether an entry exists
     */
    public boolean contains(long keyHash) {
        long key = HashBits.nonEmpty(keyHash);
        long h = key * multiplier;
        return probe(pageFor(h), key, h) >= 0;
    }

    /**
     * Linear probing in one page.
     *
     * @return the byte offset of the key's entry, or {@code ~offset} of the empty slot where it goes
     */
    private static int probe(Page page, long key, long h) {
        ByteBuffer b = page.entries;
        int mask = page.slots - 1;
        int i = HashBits.slot(h) & mask;
        while (true) {
            int at = i * ENTRY_BYTES;
            long current = b.getLong(at);
            if (current == key) {
                return at;
            }
            if (current == EMPTY) {
                return ~at;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Stores or replaces an entry.
     *
     * @param keyHash the source id hash
     * @param fingerprint the content fingerprint
     */
    public void put(long keyHash, long fingerprint) {
        if (view) {
            throw new UnsupportedOperationException("a read-only view of a fingerprint index cannot change");
        }
        long key = HashBits.nonEmpty(keyHash);
        long h = key * multiplier;
        Page page = pageFor(h);
        if (insert(page, key, h, fingerprint)) {
            size++;
            if (page.size > page.slots - (page.slots >>> 2)) {
                grow(page, h);
            }
        }
    }

    /** @return whether the key was new */
    private static boolean insert(Page page, long key, long h, long fingerprint) {
        int at = probe(page, key, h);
        if (at >= 0) {
            page.entries.putLong(at + 8, fingerprint);
            return false;
        }
        page.entries.putLong(~at, key);
        page.entries.putLong(~at + 8, fingerprint);
        page.size++;
        return true;
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
        if (directory == CLOSED) {
            throw closed();
        }
        Page previous = null;
        for (Page page : directory) {
            if (page == previous) {
                continue; // pages of a smaller depth appear in consecutive directory entries
            }
            previous = page;
            ByteBuffer b = page.entries;
            for (int at = 0, end = page.slots * ENTRY_BYTES; at < end; at += ENTRY_BYTES) {
                long key = b.getLong(at);
                if (key != EMPTY) {
                    action.accept(key, b.getLong(at + 8));
                }
            }
        }
    }

    /**
     * A view that reads this index's memory without copying it, for a pull that only looks entries
     * up. It cannot change, closing it releases nothing, and it is valid until this index next
     * changes or is closed.
     *
     * @return the view
     */
    public FingerprintIndex readOnlyView() {
        if (directory == CLOSED) {
            throw closed();
        }
        FingerprintIndex v = new FingerprintIndex(multiplier);
        v.directory = directory;
        v.depth = depth;
        v.size = size;
        v.view = true;
        return v;
    }

    /** @return an independent copy */
    public FingerprintIndex copy() {
        if (directory == CLOSED) {
            throw closed();
        }
        FingerprintIndex copy = new FingerprintIndex(multiplier);
        copy.directory = new Page[directory.length];
        copy.depth = depth;
        copy.size = size;
        Page previous = null;
        Page previousCopy = null;
        for (int d = 0; d < directory.length; d++) {
            Page page = directory[d];
            if (page != previous) {
                previous = page;
                previousCopy = copy.newPage(page.slots, page.depth);
                previousCopy.entries.put(0, page.entries, 0, page.slots * ENTRY_BYTES);
                previousCopy.size = page.size;
            }
            copy.directory[d] = previousCopy;
        }
        return copy;
    }

    private void grow(Page page, long h) {
        if (page.slots < PAGE_SLOTS) {
            // A small index: double its only page.
            Page bigger = newPage(page.slots * 2, page.depth);
            for (int at = 0, end = page.slots * ENTRY_BYTES; at < end; at += ENTRY_BYTES) {
                long key = page.entries.getLong(at);
                if (key != EMPTY) {
                    insert(bigger, key, key * multiplier, page.entries.getLong(at + 8));
                }
            }
            memoryBytes -= (long) page.slots * ENTRY_BYTES;
            FingerprintPages.give(page.entries);
            directory[0] = bigger;
            return;
        }
        if (page.depth == MAX_DEPTH) {
            return; // 2^30 pages: past any realistic size; the page keeps filling its last quarter
        }
        if (page.depth == depth) {
            Page[] doubled = new Page[directory.length * 2];
            for (int d = 0; d < directory.length; d++) {
                doubled[2 * d] = directory[d];
                doubled[2 * d + 1] = directory[d];
            }
            directory = doubled;
            depth++;
        }
        // Split on the next bit: entries whose bit is 1 move to a new page; the rest are re-placed
        // in the old one, from a copy, so its probe runs close up.
        int runLength = 1 << (depth - page.depth); // directory entries pointing at the page
        int runStart = HashBits.directoryIndex(h, depth) & -runLength;
        int splitDepth = page.depth + 1;
        Page low = page;
        Page high = newPage(PAGE_SLOTS, splitDepth);
        if (spill == null) {
            spill = new long[2 * PAGE_SLOTS];
        }
        int n = PAGE_SLOTS * ENTRY_BYTES;
        for (int at = 0, j = 0; at < n; at += ENTRY_BYTES, j += 2) {
            spill[j] = page.entries.getLong(at);
            spill[j + 1] = page.entries.getLong(at + 8);
            page.entries.putLong(at, EMPTY);
        }
        low.size = 0;
        low.depth = splitDepth;
        for (int j = 0; j < spill.length; j += 2) {
            long key = spill[j];
            if (key != EMPTY) {
                long kh = key * multiplier;
                insert(HashBits.bit(kh, splitDepth) ? high : low, key, kh, spill[j + 1]);
            }
        }
        Arrays.fill(spill, 0L);
        // The upper half of the run of directory entries now points at the new page.
        for (int d = runStart + runLength / 2; d < runStart + runLength; d++) {
            directory[d] = high;
        }
        if (low.size > low.slots - (low.slots >>> 2) || high.size > high.slots - (high.slots >>> 2)) {
            // Every key fell on one side (adversarial or astronomically unlucky): split again.
            Page full = low.size > high.size ? low : high;
            long sample = anyKey(full) * multiplier;
            grow(full, sample);
        }
    }

    private static long anyKey(Page page) {
        for (int at = 0; ; at += ENTRY_BYTES) {
            long key = page.entries.getLong(at);
            if (key != EMPTY) {
                return key;
            }
        }
    }

    private Page newPage(int slots, int pageDepth) {
        memoryBytes += (long) slots * ENTRY_BYTES;
        return new Page(FingerprintPages.take(slots * ENTRY_BYTES), slots, pageDepth);
    }

    /**
     * Gives the index's memory back for reuse. Afterwards the index is empty and any use of it
     * fails; closing twice does nothing.
     */
    @Override
    public void close() {
        if (directory == CLOSED) {
            return;
        }
        if (!view) {
            Page previous = null;
            for (Page page : directory) {
                if (page != previous) {
                    previous = page;
                    FingerprintPages.give(page.entries);
                }
            }
        }
        directory = CLOSED;
        depth = 0;
        size = 0;
        memoryBytes = 0;
    }

    private Page pageFor(long h) {
        if (directory == CLOSED) {
            throw closed();
        }
        return directory[HashBits.directoryIndex(h, depth)];
    }

    private static IllegalStateException closed() {
        return new IllegalStateException("this fingerprint index was closed; open the connector's index again");
    }





    /** One open-addressing table of entries, {@code slots} a power of two. */
    private static final class Page {
        final ByteBuffer entries;
        final int slots;
        int size;
        /** How many top bits all keys of this page share. */
        int depth;

        Page(ByteBuffer entries, int slots, int depth) {
            this.entries = entries;
            this.slots = slots;
            this.depth = depth;
        }
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
