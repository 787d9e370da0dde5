package com.qanatix.core.internal.store;

import com.qanatix.core.StoreException;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link FingerprintIndex}'s extendible hash with its pages in a {@link MappedPages} file: 64 KB
 * pages of 4,096 16-byte entries (source id hash, content fingerprint), little-endian, an empty
 * slot's key 0, linear probing within a page, and the top bits of a scrambled key choosing the page
 * through a directory. The directory and each page's local depth and entry count live on the heap
 * (a few bytes a page: about 1 MB at 100M entries) and are what a store's {@code meta} file holds.
 *
 * <p>A table whose pages a checkpoint refers to writes a few entries through the file (a system
 * call costs less than the write fault of a shared mapping; see {@link #writeFor}) and splits by
 * <em>shadowing</em>: both halves go to pages the last checkpoint does not use, and the old page
 * is reused only after the next checkpoint; entries are otherwise written in place, and a crash
 * replays them from the write-ahead log. A pull's private table writes through its mapping and
 * splits in place.
 *
 * <p>Not thread-safe.
 */
final class MappedFingerprintTable implements AutoCloseable {
    private static final long EMPTY = HashBits.EMPTY;
    private static final int ENTRY_BYTES = 16;
    private static final int PAGE_SLOTS = MappedPages.PAGE_BYTES / ENTRY_BYTES;
    private static final int SLOT_MASK = PAGE_SLOTS - 1;
    private static final int SPLIT_AT = PAGE_SLOTS - PAGE_SLOTS / 4;
    private static final int MAX_DEPTH = 28;
    private static final byte[] ZEROS = new byte[MappedPages.PAGE_BYTES];

    private final MappedPages pages;
    private final long multiplier;
    private boolean shadowSplits;
    /** Whether entries are written with system calls rather than through the mapping; see {@link #writeFor}. */
    private boolean writeThrough;
    private int depth;
    private int[] directory;
    private int[] pageDepth;
    private int[] pageSize;
    /** Pages in use or free, from the first: the high-water mark of the file. */
    private int pageCount;
    private long size;
    /** Pages no directory entry refers to, free to take. */
    private int[] free = new int[0];
    private int freeCount;
    /** Pages left by shadow splits since the last checkpoint: the checkpoint still refers to them. */
    private int[] freed = new int[0];
    private int freedCount;
    /** Pages whose entry count may be stale (a crash during an in-place apply); recounted when first written. */
    private BitSet unverified;
    private long[] spill;
    /** Scratch for writing through the file: one entry, and the two halves of a split page. */
    private final ByteBuffer entry = ByteBuffer.allocate(ENTRY_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private ByteBuffer lowHalf;
    private ByteBuffer highHalf;

    private MappedFingerprintTable(MappedPages pages, long multiplier) {
        this.pages = pages;
        this.multiplier = multiplier;
    }

    /**
     * @param pages an empty page file
     * @param shadowSplits how full pages split (see the class comment)
     * @return an empty table of one page
     */
    static MappedFingerprintTable create(MappedPages pages, boolean shadowSplits) {
        MappedFingerprintTable t = new MappedFingerprintTable(pages, ThreadLocalRandom.current().nextLong() | 1L);
        t.shadowSplits = shadowSplits;
        t.directory = new int[] {0};
        t.pageDepth = new int[16];
        t.pageSize = new int[16];
        t.pageCount = 0;
        int first = t.allocate();
        t.directory[0] = first;
        return t;
    }

    /**
     * Reads a table's structure as {@link #writeTo} wrote it, over its page file.
     *
     * @param in the structure
     * @param pages the page file
     * @return a table that splits by shadowing
     */
    static MappedFingerprintTable readFrom(DataInput in, MappedPages pages) throws IOException {
        MappedFingerprintTable t = new MappedFingerprintTable(pages, in.readLong());
        t.shadowSplits = true;
        t.size = in.readLong();
        t.depth = in.readInt();
        t.pageCount = in.readInt();
        if (t.depth < 0 || t.depth > MAX_DEPTH || t.pageCount < 1 || t.pageCount > pages.capacity()) {
            throw new IOException("inconsistent index structure (depth " + t.depth + ", " + t.pageCount + " pages for a file of "
                    + pages.capacity() + ")");
        }
        t.directory = new int[1 << t.depth];
        BitSet used = new BitSet(t.pageCount);
        for (int d = 0; d < t.directory.length; d++) {
            int page = in.readInt();
            if (page < 0 || page >= t.pageCount) {
                throw new IOException("directory entry " + d + " names page " + page + " of " + t.pageCount);
            }
            t.directory[d] = page;
            used.set(page);
        }
        t.pageDepth = new int[Math.max(16, t.pageCount)];
        t.pageSize = new int[Math.max(16, t.pageCount)];
        for (int p = 0; p < t.pageCount; p++) {
            t.pageDepth[p] = in.readInt();
            t.pageSize[p] = in.readInt();
        }
        t.free = new int[t.pageCount];
        for (int p = t.pageCount - 1; p >= 0; p--) {
            if (!used.get(p)) {
                t.free[t.freeCount++] = p;
            }
        }
        return t;
    }

    /** Writes the structure (not the pages) for {@link #readFrom}. */
    void writeTo(DataOutput out) throws IOException {
        out.writeLong(multiplier);
        out.writeLong(size);
        out.writeInt(depth);
        out.writeInt(pageCount);
        for (int page : directory) {
            out.writeInt(page);
        }
        for (int p = 0; p < pageCount; p++) {
            out.writeInt(pageDepth[p]);
            out.writeInt(pageSize[p]);
        }
    }

    MappedPages pages() {
        return pages;
    }

    /** @return the number of entries */
    long size() {
        return size;
    }

    /** From now on, split by shadowing: a checkpoint is about to refer to these pages. */
    void shadowSplits() {
        shadowSplits = true;
    }

    /**
     * Chooses how the next {@code entries} puts are written, by which costs fewer expensive
     * events: through the mapping, the first store into each 4 KB block that was only read (or
     * was forced to disk since) faults, at most once a block; through the file, every entry is a
     * system call. So a small table, or a large batch, is written through the mapping, and a few
     * entries spread over a large table with calls.
     *
     * @param entries puts about to be made
     */
    void writeFor(long entries) {
        writeThrough = entries < (long) pageCount * (MappedPages.PAGE_BYTES / 4096);
    }

    /** The last checkpoint is replaced: pages it alone referred to are free from now on. */
    void checkpointed() {
        if (free.length < freeCount + freedCount) {
            free = Arrays.copyOf(free, freeCount + freedCount);
        }
        System.arraycopy(freed, 0, free, freeCount, freedCount);
        freeCount += freedCount;
        freedCount = 0;
    }

    /** After a crash: every page's count may be behind its content until recounted. */
    void distrustCounts() {
        unverified = new BitSet(pageCount);
        for (int page : directory) {
            unverified.set(page);
        }
    }

    /** Counts are right again (every page a replay wrote was recounted first). */
    void trustCounts() {
        unverified = null;
    }

    /**
     * @param keyHash the source id hash
     * @param missing returned when absent
     * @return the fingerprint stored for it, or {@code missing}
     */
    long get(long keyHash, long missing) {
        long key = HashBits.nonEmpty(keyHash);
        long h = key * multiplier;
        int page = directory[HashBits.directoryIndex(h, depth)];
        ByteBuffer b = pages.segment(page);
        int base = MappedPages.offset(page);
        int i = HashBits.slot(h) & SLOT_MASK;
        while (true) {
            int at = base + i * ENTRY_BYTES;
            long current = b.getLong(at);
            if (current == key) {
                return b.getLong(at + 8);
            }
            if (current == EMPTY) {
                return missing;
            }
            i = (i + 1) & SLOT_MASK;
        }
    }

    /**
     * Looks many keys up, their cache misses (or page faults) in flight together; see
     * {@link FingerprintIndex#getAll}.
     */
    void getAll(long[] keyHashes, int count, long missing, long[] out) {
        if (size == 0) {
            Arrays.fill(out, 0, count, missing);
            return;
        }
        for (int i = 0; i < count; i++) {
            long h = HashBits.nonEmpty(keyHashes[i]) * multiplier;
            int page = directory[HashBits.directoryIndex(h, depth)];
            out[i] = pages.segment(page).getLong(MappedPages.offset(page) + (HashBits.slot(h) & SLOT_MASK) * ENTRY_BYTES);
        }
        for (int i = 0; i < count; i++) {
            out[i] = get(keyHashes[i], missing);
        }
    }

    /**
     * Stores or replaces an entry.
     *
     * @param keyHash the source id hash
     * @param fingerprint the content fingerprint
     */
    void put(long keyHash, long fingerprint) {
        long key = HashBits.nonEmpty(keyHash);
        long h = key * multiplier;
        int page = directory[HashBits.directoryIndex(h, depth)];
        if (unverified != null && unverified.get(page)) {
            recount(page);
        }
        if (insert(page, key, h, fingerprint)) {
            size++;
            if (pageSize[page] > SPLIT_AT) {
                split(page, h);
            }
        }
    }

    /** @return whether the key was new */
    private boolean insert(int page, long key, long h, long fingerprint) {
        ByteBuffer b = pages.segment(page);
        int base = MappedPages.offset(page);
        int i = HashBits.slot(h) & SLOT_MASK;
        while (true) {
            int at = base + i * ENTRY_BYTES;
            long current = b.getLong(at);
            if (current == key || current == EMPTY) {
                if (writeThrough) {
                    writeEntry((long) page * MappedPages.PAGE_BYTES + (long) i * ENTRY_BYTES, key, fingerprint);
                } else {
                    b.putLong(at + 8, fingerprint);
                    b.putLong(at, key);
                }
                if (current == EMPTY) {
                    pageSize[page]++;
                    return true;
                }
                return false;
            }
            i = (i + 1) & SLOT_MASK;
        }
    }

    private void writeEntry(long position, long key, long fingerprint) {
        entry.clear();
        entry.putLong(0, key).putLong(8, fingerprint);
        try {
            pages.write(position, entry);
        } catch (IOException e) {
            throw new StoreException("cannot write " + pages.path() + ": " + e.getMessage(), e);
        }
    }

    /** Inserts into a page image in a buffer: a split half before it is written. */
    private static boolean insert(ByteBuffer b, long key, long h, long fingerprint) {
        int i = HashBits.slot(h) & SLOT_MASK;
        while (true) {
            int at = i * ENTRY_BYTES;
            long current = b.getLong(at);
            if (current == EMPTY) {
                b.putLong(at, key);
                b.putLong(at + 8, fingerprint);
                return true;
            }
            if (current == key) {
                b.putLong(at + 8, fingerprint);
                return false;
            }
            i = (i + 1) & SLOT_MASK;
        }
    }

    private void recount(int page) {
        ByteBuffer b = pages.segment(page);
        int base = MappedPages.offset(page);
        int n = 0;
        for (int i = 0; i < PAGE_SLOTS; i++) {
            if (b.getLong(base + i * ENTRY_BYTES) != EMPTY) {
                n++;
            }
        }
        size += n - pageSize[page];
        pageSize[page] = n;
        unverified.clear(page);
    }

    /** @param action called with each key hash and fingerprint */
    void forEach(FingerprintIndex.EntryConsumer action) {
        int previous = -1;
        for (int page : directory) {
            if (page == previous) {
                continue; // a page of a smaller depth fills consecutive directory entries
            }
            previous = page;
            ByteBuffer b = pages.segment(page);
            int base = MappedPages.offset(page);
            for (int at = base, end = base + MappedPages.PAGE_BYTES; at < end; at += ENTRY_BYTES) {
                long key = b.getLong(at);
                if (key != EMPTY) {
                    action.accept(key, b.getLong(at + 8));
                }
            }
        }
    }

    private void split(int page, long h) {
        if (pageDepth[page] == MAX_DEPTH) {
            return; // past any realistic size; the page keeps filling its last quarter
        }
        if (pageDepth[page] == depth) {
            int[] doubled = new int[directory.length * 2];
            for (int d = 0; d < directory.length; d++) {
                doubled[2 * d] = directory[d];
                doubled[2 * d + 1] = directory[d];
            }
            directory = doubled;
            depth++;
        }
        int runLength = 1 << (depth - pageDepth[page]);
        int runStart = HashBits.directoryIndex(h, depth) & -runLength;
        int splitDepth = pageDepth[page] + 1;
        if (spill == null) {
            spill = new long[2 * PAGE_SLOTS];
        }
        ByteBuffer old = pages.segment(page);
        int oldBase = MappedPages.offset(page);
        for (int i = 0, j = 0; i < PAGE_SLOTS; i++, j += 2) {
            spill[j] = old.getLong(oldBase + i * ENTRY_BYTES);
            spill[j + 1] = old.getLong(oldBase + i * ENTRY_BYTES + 8);
        }
        int low;
        int high;
        if (shadowSplits) {
            // The halves go to pages the last checkpoint does not use, built here and written whole.
            low = allocate(false);
            high = allocate(false);
            if (freed.length == freedCount) {
                freed = Arrays.copyOf(freed, Math.max(16, freedCount * 2));
            }
            freed[freedCount++] = page;
            if (lowHalf == null) {
                lowHalf = ByteBuffer.allocate(MappedPages.PAGE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                highHalf = ByteBuffer.allocate(MappedPages.PAGE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            }
            Arrays.fill(lowHalf.array(), (byte) 0);
            Arrays.fill(highHalf.array(), (byte) 0);
            int lowSize = 0;
            int highSize = 0;
            for (int j = 0; j < spill.length; j += 2) {
                long key = spill[j];
                if (key != EMPTY) {
                    long kh = key * multiplier;
                    if (HashBits.bit(kh, splitDepth)) {
                        highSize += insert(highHalf, key, kh, spill[j + 1]) ? 1 : 0;
                    } else {
                        lowSize += insert(lowHalf, key, kh, spill[j + 1]) ? 1 : 0;
                    }
                }
            }
            writePage(low, lowHalf);
            writePage(high, highHalf);
            pageDepth[low] = splitDepth;
            pageDepth[high] = splitDepth;
            pageSize[low] = lowSize;
            pageSize[high] = highSize;
        } else {
            low = page;
            old.put(oldBase, ZEROS, 0, ZEROS.length);
            high = allocate();
            pageDepth[low] = splitDepth;
            pageDepth[high] = splitDepth;
            pageSize[low] = 0;
            pageSize[high] = 0;
            for (int j = 0; j < spill.length; j += 2) {
                long key = spill[j];
                if (key != EMPTY) {
                    long kh = key * multiplier;
                    insert(HashBits.bit(kh, splitDepth) ? high : low, key, kh, spill[j + 1]);
                }
            }
        }
        for (int d = runStart; d < runStart + runLength / 2; d++) {
            directory[d] = low;
        }
        for (int d = runStart + runLength / 2; d < runStart + runLength; d++) {
            directory[d] = high;
        }
        if (pageSize[low] > SPLIT_AT || pageSize[high] > SPLIT_AT) {
            int full = pageSize[low] > pageSize[high] ? low : high;
            split(full, anyKey(full) * multiplier); // every key fell on one side: split again
        }
    }

    private long anyKey(int page) {
        ByteBuffer b = pages.segment(page);
        for (int at = MappedPages.offset(page); ; at += ENTRY_BYTES) {
            long key = b.getLong(at);
            if (key != EMPTY) {
                return key;
            }
        }
    }

    /** @return a zeroed page no checkpoint refers to */
    private int allocate() {
        return allocate(true);
    }

    /** @param zero whether to zero it (not when the caller writes the whole page) */
    private int allocate(boolean zero) {
        int page;
        if (freeCount > 0) {
            page = free[--freeCount];
        } else {
            page = pageCount++;
            try {
                pages.ensure(pageCount);
            } catch (IOException e) {
                pageCount--;
                throw new StoreException("cannot grow " + pages.path() + ": " + e.getMessage(), e);
            }
            if (pageDepth.length < pageCount) {
                pageDepth = Arrays.copyOf(pageDepth, pageDepth.length * 2);
                pageSize = Arrays.copyOf(pageSize, pageSize.length * 2);
            }
        }
        if (!zero) {
            // written whole by the caller
        } else if (writeThrough) {
            writePage(page, ByteBuffer.wrap(ZEROS));
        } else {
            pages.segment(page).put(MappedPages.offset(page), ZEROS, 0, ZEROS.length);
        }
        pageDepth[page] = 0;
        pageSize[page] = 0;
        return page;
    }

    private void writePage(int page, ByteBuffer image) {
        image.clear();
        if (!writeThrough) {
            pages.segment(page).put(MappedPages.offset(page), image, 0, MappedPages.PAGE_BYTES);
            return;
        }
        try {
            pages.write((long) page * MappedPages.PAGE_BYTES, image);
        } catch (IOException e) {
            throw new StoreException("cannot write " + pages.path() + ": " + e.getMessage(), e);
        }
    }

    /** Closes the page file; see {@link MappedPages#close()}. */
    @Override
    public void close() {
        pages.close();
    }




}
