package com.qanatix.core.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A file of 64 KB pages, memory-mapped in segments of 64 MB. Mapped memory is the operating
 * system's page cache: it counts against neither the Java heap nor {@code -XX:MaxDirectMemorySize},
 * and pages a pull does not touch are never read from disk.
 *
 * <p>The file grows a segment at a time, and a full segment is mapped once, for good: mapping a
 * region again would make every 4 KB block of it fault again on its next access through the new
 * mapping, which on a large file costs far more than the work of the pull. Only the first
 * segment is mapped again as it grows (doubling from 1 MB), so a small table is a small file. An
 * older mapping of the same region stays valid (and sees the same bytes) until the garbage
 * collector unmaps it, so a reader holding one is never left with freed memory. Nothing here
 * unmaps explicitly, and the file is never shortened while mapped.
 *
 * <p>A pull's table starts in memory ({@link #temporary}): its pages live in a direct buffer lent by
 * {@link PullTableMemory} until they outgrow it, or until {@link #force}, and only then go to the
 * file, in one sequential write. The file's first store into a 4 KB block through a mapping faults,
 * and so does the next store after the kernel wrote the block back: on a virtual machine each fault
 * costs tens of microseconds, so a pull that fits in the buffer pays none.
 */
final class MappedPages implements AutoCloseable {
    static final int PAGE_BYTES = 64 * 1024;
    static final int SEGMENT_SHIFT = 10;
    /** Pages in a full segment: 1,024, 64 MB. */
    static final int SEGMENT_PAGES = 1 << SEGMENT_SHIFT;
    private static final int MIN_PAGES = 16;

    private Path path;
    private FileChannel channel;
    private ByteBuffer[] segments = new ByteBuffer[0];
    /** Pages the file holds (mapped), or the memory holds. */
    private int capacity;
    /** While the pages are in memory: the buffer, the only segment; else null. */
    private ByteBuffer memory;
    /** While the pages are in memory: how many are in use (the most {@link #ensure} asked for). */
    private int used;

    /**
     * Opens (or creates) a page file.
     *
     * @param path the file
     * @param create whether to create it when absent
     */
    MappedPages(Path path, boolean create) throws IOException {
        this.path = path;
        channel = create
                ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long length = channel.size();
        if (length % PAGE_BYTES != 0) {
            throw new IOException(path + " is not a whole number of pages (" + length + " bytes)");
        }
        remap((int) (length / PAGE_BYTES));
    }

    /**
     * Creates a page file whose pages stay in memory while they fit and until {@link #force}, if
     * the memory is free; see the class comment.
     *
     * @param path the file, created empty
     * @return the pages
     */
    static MappedPages temporary(Path path) throws IOException {
        MappedPages pages = new MappedPages(path, true);
        ByteBuffer memory = PullTableMemory.take();
        if (memory != null) {
            pages.memory = memory;
            pages.segments = new ByteBuffer[] {memory};
            pages.capacity = PullTableMemory.PAGES;
        }
        return pages;
    }

    /** @return whether the pages are still in memory, not yet in the file */
    boolean inMemory() {
        return memory != null;
    }

    Path path() {
        return path;
    }

    /** @return pages the file holds */
    int capacity() {
        return capacity;
    }

    /**
     * Makes the file (or the memory) hold at least {@code pages} pages. New pages of the file read
     * as zeros; new pages in memory hold what an earlier pull left there.
     */
    void ensure(int pages) throws IOException {
        if (memory != null) {
            if (pages <= capacity) {
                used = Math.max(used, pages);
                return;
            }
            used = capacity;
            toFile(); // outgrown
        }
        if (pages <= capacity) {
            return;
        }
        int grown;
        if (pages <= SEGMENT_PAGES) {
            grown = Math.max(MIN_PAGES, capacity); // the first segment doubles
            while (grown < pages) {
                grown *= 2;
            }
            grown = Math.min(grown, SEGMENT_PAGES);
        } else {
            grown = (pages + SEGMENT_PAGES - 1) & -SEGMENT_PAGES; // whole segments, each mapped once
        }
        remap(grown);
    }

    private void remap(int pages) throws IOException {
        int count = (pages + SEGMENT_PAGES - 1) >>> SEGMENT_SHIFT;
        ByteBuffer[] grown = Arrays.copyOf(segments, count);
        for (int s = 0; s < count; s++) {
            long start = (long) s * SEGMENT_PAGES;
            int segmentPages = (int) Math.min(SEGMENT_PAGES, pages - start);
            if (grown[s] == null || grown[s].capacity() != segmentPages * PAGE_BYTES) {
                // Mapping past the end of the file extends it (with zeros, allocated on first write).
                grown[s] = channel.map(FileChannel.MapMode.READ_WRITE, start * PAGE_BYTES, (long) segmentPages * PAGE_BYTES);
                grown[s].order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        segments = grown;
        capacity = pages;
    }

    /** Moves the pages in use from memory to the file, maps it, and gives the memory back. */
    private void toFile() throws IOException {
        ByteBuffer pagesInUse = memory.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        pagesInUse.clear().limit(used * PAGE_BYTES);
        writeToFile(0, pagesInUse);
        release();
        remap(used);
    }

    private void release() {
        if (memory != null) {
            ByteBuffer lent = memory;
            memory = null;
            segments = new ByteBuffer[0];
            capacity = 0;
            PullTableMemory.give(lent);
        }
    }

    /** @return the segment holding a page; its bytes start at {@link #offset} */
    ByteBuffer segment(int page) {
        return segments[page >>> SEGMENT_SHIFT];
    }

    /** @return the byte offset of a page in its segment */
    static int offset(int page) {
        return (page & (SEGMENT_PAGES - 1)) * PAGE_BYTES;
    }

    /**
     * Writes bytes at a position of the file with a system call rather than through the mapping;
     * mappings see them at once (one page cache). A store's committed table is written this way:
     * the first store through a mapping into a page that was only read faults, and on a shared
     * file mapping that fault costs far more than the call.
     *
     * @param position the file position
     * @param bytes what to write, from its position to its limit
     */
    void write(long position, ByteBuffer bytes) throws IOException {
        if (memory != null) {
            memory.put(Math.toIntExact(position), bytes, bytes.position(), bytes.remaining());
            bytes.position(bytes.limit());
            return;
        }
        writeToFile(position, bytes);
    }

    private void writeToFile(long position, ByteBuffer bytes) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    /** Writes every changed page to the disk and waits for it; pages in memory go to the file first. */
    void force() throws IOException {
        if (memory != null) {
            toFile();
        }
        for (ByteBuffer segment : segments) {
            ((MappedByteBuffer) segment).force();
        }
        channel.force(true);
    }

    /** Closes the file (and gives back the memory of pages not yet in it); the mappings stay readable until collected. */
    @Override
    public void close() {
        release();
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    /** Reopens the file under its new name after a rename, keeping the mappings. */
    void renamedTo(Path renamed) throws IOException {
        channel.close();
        channel = FileChannel.open(renamed, StandardOpenOption.READ, StandardOpenOption.WRITE);
        path = renamed;
    }
}
