package com.qanatix.core.internal.store;

import com.qanatix.core.StoreException;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;

/**
 * Source id hashes, each with a small mark, in a memory-mapped temporary file: what a
 * reconciliation compares a connector's recorded ids with the ids its source still has in, so that
 * ten million ids need neither heap nor direct memory (the pages live in the operating system's
 * page cache, and the file is deleted by {@link #close()}).
 *
 * <p>An open-addressing table with linear probing: the keys in one region of the file (8 bytes a
 * slot), the marks in another (1 byte a slot, 0 for a free slot). It stays at most three quarters
 * full, and doubles into a new file when it would pass that: about 12 to 24 bytes an id on disk.
 *
 * <p>Not thread-safe.
 */
public final class MarkedKeySet implements AutoCloseable {
    /** The mark of a free slot; {@link #mark} returns it for an absent key. */
    public static final byte ABSENT = 0;
    private static final int MIN_SLOT_BITS = 10;
    /** Slots one mapping covers: 2^27 keys are 1 GB. */
    private static final int SEGMENT_BITS = 27;
    private static final long SCRAMBLE = 0x9E3779B97F4A7C15L;

    private final Path dir;
    private Path file;
    private FileChannel channel;
    private MappedByteBuffer[] keys;
    private MappedByteBuffer[] marks;
    private int slotBits;
    private long mask;
    private long size;
    private long limit;

    private MarkedKeySet(Path dir) {
        this.dir = dir;
    }

    /**
     * @param dir where the temporary file goes
     * @param expected how many keys to make room for (more grow the table)
     * @return an empty set
     */
    public static MarkedKeySet create(Path dir, long expected) {
        MarkedKeySet set = new MarkedKeySet(dir);
        int bits = MIN_SLOT_BITS;
        while ((1L << bits) * 3 / 4 < expected) {
            bits++;
        }
        try {
            set.allocate(bits);
        } catch (IOException e) {
            set.close();
            throw new StoreException("cannot create a temporary file in " + dir + " to compare source ids in: "
                    + e.getMessage(), e);
        }
        return set;
    }

    private void allocate(int bits) throws IOException {
        Path newFile = Files.createTempFile(dir, "qanatix-reconcile-", ".keys");
        FileChannel newChannel = FileChannel.open(newFile, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
        long slots = 1L << bits;
        int segments = (int) Math.max(1, slots >>> SEGMENT_BITS);
        long slotsPerSegment = Math.min(slots, 1L << SEGMENT_BITS);
        MappedByteBuffer[] newKeys = new MappedByteBuffer[segments];
        MappedByteBuffer[] newMarks = new MappedByteBuffer[segments];
        long markBase = slots * Long.BYTES;
        for (int s = 0; s < segments; s++) {
            newKeys[s] = newChannel.map(FileChannel.MapMode.READ_WRITE, s * slotsPerSegment * Long.BYTES,
                    slotsPerSegment * Long.BYTES);
            newMarks[s] = newChannel.map(FileChannel.MapMode.READ_WRITE, markBase + s * slotsPerSegment,
                    slotsPerSegment);
        }
        file = newFile;
        channel = newChannel;
        keys = newKeys;
        marks = newMarks;
        slotBits = bits;
        mask = slots - 1;
        limit = slots * 3 / 4;
        size = 0;
    }

    private long home(long key) {
        return (key * SCRAMBLE) >>> (64 - slotBits);
    }

    private byte markAt(long slot) {
        return marks[(int) (slot >>> SEGMENT_BITS)].get((int) (slot & ((1L << SEGMENT_BITS) - 1)));
    }

    private void setMarkAt(long slot, byte mark) {
        marks[(int) (slot >>> SEGMENT_BITS)].put((int) (slot & ((1L << SEGMENT_BITS) - 1)), mark);
    }

    private long keyAt(long slot) {
        return keys[(int) (slot >>> SEGMENT_BITS)].getLong((int) (slot & ((1L << SEGMENT_BITS) - 1)) * Long.BYTES);
    }

    private void setKeyAt(long slot, long key) {
        keys[(int) (slot >>> SEGMENT_BITS)].putLong((int) (slot & ((1L << SEGMENT_BITS) - 1)) * Long.BYTES, key);
    }

    /** @return the slot holding the key, or the free slot where it would go */
    private long find(long key) {
        long slot = home(key);
        while (markAt(slot) != ABSENT && keyAt(slot) != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /**
     * @param key a source id hash
     * @return its mark, or {@link #ABSENT}
     */
    public byte mark(long key) {
        return markAt(find(key));
    }

    /**
     * Adds a key with a mark, unless it is in the set already.
     *
     * @param key a source id hash
     * @param mark its mark, not {@link #ABSENT}
     * @return whether it was added (false: it was there, and keeps its mark)
     */
    public boolean add(long key, byte mark) {
        checkMark(mark);
        long slot = find(key);
        if (markAt(slot) != ABSENT) {
            return false;
        }
        if (size == limit) {
            grow();
            slot = find(key);
        }
        setKeyAt(slot, key);
        setMarkAt(slot, mark);
        size++;
        return true;
    }

    /**
     * Changes the mark of a key in the set.
     *
     * @param key a source id hash
     * @param mark the new mark, not {@link #ABSENT}
     * @return whether the key was in the set
     */
    public boolean setMark(long key, byte mark) {
        checkMark(mark);
        long slot = find(key);
        if (markAt(slot) == ABSENT) {
            return false;
        }
        setMarkAt(slot, mark);
        return true;
    }

    /**
     * Changes a key's mark only if it has the expected one, with one probe.
     *
     * @param key a source id hash
     * @param expected the mark it must have
     * @param mark the new mark, not {@link #ABSENT}
     * @return the mark it had ({@link #ABSENT} when not in the set); changed only if that was {@code expected}
     */
    public byte replace(long key, byte expected, byte mark) {
        checkMark(mark);
        long slot = find(key);
        byte current = markAt(slot);
        if (current == expected && current != ABSENT) {
            setMarkAt(slot, mark);
        }
        return current;
    }

    private static void checkMark(byte mark) {
        if (mark == ABSENT) {
            throw new IllegalArgumentException("a key's mark cannot be ABSENT");
        }
    }

    /** @return how many keys the set holds */
    public long size() {
        return size;
    }

    /**
     * @param mark a mark
     * @return how many keys have it
     */
    public long count(byte mark) {
        long[] n = {0};
        forEach(mark, k -> n[0]++);
        return n[0];
    }

    /**
     * @param mark a mark
     * @param action called with each key that has it, in no particular order
     */
    public void forEach(byte mark, LongConsumer action) {
        checkMark(mark);
        for (long slot = 0; slot <= mask; slot++) {
            if (markAt(slot) == mark) {
                action.accept(keyAt(slot));
            }
        }
    }

    /**
     * @param mark a mark
     * @return the keys that have it, as they are when read (a view, not a copy)
     */
    public KeySet withMark(byte mark) {
        checkMark(mark);
        long count = count(mark);
        return new KeySet() {
            @Override
            public boolean contains(long keyHash) {
                return mark(keyHash) == mark;
            }

            @Override
            public void forEach(LongConsumer action) {
                MarkedKeySet.this.forEach(mark, action);
            }

            @Override
            public long size() {
                return count;
            }
        };
    }

    /** Doubles the table into a new file: every key moves with its mark. */
    private void grow() {
        MappedByteBuffer[] oldKeys = keys;
        MappedByteBuffer[] oldMarks = marks;
        FileChannel oldChannel = channel;
        long oldSlots = mask + 1;
        long oldSize = size;
        try {
            allocate(slotBits + 1);
        } catch (IOException e) {
            throw new StoreException("cannot grow the temporary file " + file + " that source ids are compared in: "
                    + e.getMessage(), e);
        }
        for (long slot = 0; slot < oldSlots; slot++) {
            int segment = (int) (slot >>> SEGMENT_BITS);
            int at = (int) (slot & ((1L << SEGMENT_BITS) - 1));
            byte m = oldMarks[segment].get(at);
            if (m != ABSENT) {
                long key = oldKeys[segment].getLong(at * Long.BYTES);
                long to = find(key);
                setKeyAt(to, key);
                setMarkAt(to, m);
            }
        }
        size = oldSize;
        closeQuietly(oldChannel); // deletes the old file; its mappings go with the garbage collector
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // deleted on close; nothing else to release
            }
        }
    }

    /** Deletes the file; the mapped pages are released when the garbage collector frees the mappings. */
    @Override
    public void close() {
        closeQuietly(channel);
        channel = null;
        keys = new MappedByteBuffer[0];
        marks = new MappedByteBuffer[0];
    }
}
