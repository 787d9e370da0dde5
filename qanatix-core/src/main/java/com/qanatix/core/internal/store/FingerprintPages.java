package com.qanatix.core.internal.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The direct-memory pages of every {@link FingerprintIndex} in the process, kept for reuse when an
 * index is closed. A direct buffer's memory is returned only after the garbage collector finds the
 * buffer unreachable, which for long-lived buffers may mean a full collection; an index loaded for
 * every pull would otherwise pile up garbage until the JVM's direct-memory limit forces one. Reuse
 * makes a steady state of pulls allocate nothing, also where explicit collections are disabled
 * ({@code -XX:+DisableExplicitGC}), which would stop the JDK from reclaiming garbage buffers when the
 * direct-memory limit is near. Pages above the retention cap (half the maximum heap, and so half the
 * default direct-memory limit) are dropped to the collector, and so are all kept pages when a new
 * page cannot be allocated (the direct-memory limit is shared with everything else in the process).
 */
public final class FingerprintPages {
    /** Bytes of a full page. */
    static final int PAGE_BYTES = 64 * 1024;
    private static final long RETAIN_BYTES = Runtime.getRuntime().maxMemory() / 2;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(PAGE_BYTES);
    private static final ConcurrentLinkedQueue<ByteBuffer> FREE = new ConcurrentLinkedQueue<>();
    private static final AtomicLong FREE_BYTES = new AtomicLong();

    private FingerprintPages() {
    }

    /**
     * @param bytes the page size: {@link #PAGE_BYTES}, or a smaller power of two for a small index
     * @return a zeroed page in native byte order
     */
    static ByteBuffer take(int bytes) {
        if (bytes == PAGE_BYTES) {
            ByteBuffer page = FREE.poll();
            if (page != null) {
                FREE_BYTES.addAndGet(-PAGE_BYTES);
                return page;
            }
        }
        try {
            return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        } catch (OutOfMemoryError directMemoryFull) {
            // The JDK has already tried a collection. Pages kept for reuse are not garbage to it:
            // drop them, and let it try again.
            if (release() == 0) {
                throw directMemoryFull;
            }
            return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
    }

    /** @return bytes of kept pages dropped to the collector */
    private static long release() {
        long released = 0;
        ByteBuffer page;
        while ((page = FREE.poll()) != null) {
            FREE_BYTES.addAndGet(-page.capacity());
            released += page.capacity();
        }
        return released;
    }

    /** @param page a page no index uses any more; zeroed and kept if it is a full page and room is left */
    static void give(ByteBuffer page) {
        if (page.capacity() != PAGE_BYTES || FREE_BYTES.get() >= RETAIN_BYTES) {
            return; // the collector frees it
        }
        page.put(0, ZEROS, 0, PAGE_BYTES);
        FREE_BYTES.addAndGet(PAGE_BYTES);
        FREE.add(page);
    }

    /** @return bytes of pages waiting for reuse */
    public static long pooledBytes() {
        return FREE_BYTES.get();
    }
}
