package com.qanatix.core.internal.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The direct memory a pull's table starts in (see {@link MappedPages#temporary}): one buffer of at
 * most 32 MB (half the maximum heap on a smaller one) for the whole process, lent to one pull at a
 * time and kept for the next, so a pull of up to about a million new source ids builds its table
 * without a page fault or a system call, and writes it to its file in one go when it commits. A pull
 * that finds the buffer lent, or outgrows it, keeps its table in the mapped file.
 *
 * <p>The buffer is not zeroed between pulls: a table zeroes every page it takes.
 */
final class PullTableMemory {
    /** Pages of the buffer: 512 (32 MB) with a heap of 64 MB or more. */
    static final int PAGES = (int) Math.min(512, Runtime.getRuntime().maxMemory() / 2 / MappedPages.PAGE_BYTES);

    private static final AtomicBoolean LENT = new AtomicBoolean();
    private static ByteBuffer kept;

    private PullTableMemory() {
    }

    /** @return the buffer, little-endian, now lent to the caller; or null when lent out or no memory is left for it */
    static ByteBuffer take() {
        if (PAGES < 1 || !LENT.compareAndSet(false, true)) {
            return null;
        }
        synchronized (PullTableMemory.class) {
            if (kept == null) {
                try {
                    kept = ByteBuffer.allocateDirect(PAGES * MappedPages.PAGE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                } catch (OutOfMemoryError directMemoryFull) {
                    LENT.set(false);
                    return null;
                }
            }
            return kept;
        }
    }

    /** @param buffer the buffer {@link #take} lent, no longer used by its borrower */
    static void give(ByteBuffer buffer) {
        synchronized (PullTableMemory.class) {
            if (buffer != kept) {
                throw new IllegalArgumentException("not the pull table buffer");
            }
        }
        LENT.set(false);
    }
}
