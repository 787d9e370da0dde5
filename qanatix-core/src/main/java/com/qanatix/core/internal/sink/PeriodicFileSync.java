package com.qanatix.core.internal.sink;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;

/**
 * Forces a file to disk on a daemon thread of its own each time another {@code everyBytes} have
 * reached it, so that the disk writes a long pull's output while the pull goes on: the force a
 * commit makes then finds only the last bytes left to write, instead of all of them while the
 * pull waits (hundreds of megabytes of NDJSON took 0.3-0.5 s to force, BENCHMARKS.md).
 *
 * <p>These forces only come early; durability is still the commit's own force. A failed force is
 * kept and reported by {@link #failure()}: on Linux a failed {@code fdatasync} may not fail again
 * the next time although the data never reached the disk, so the commit must not succeed after
 * it. The thread starts with the first force and ends with {@link #close()}.
 */
public final class PeriodicFileSync implements AutoCloseable {
    private static final long JOIN_MILLIS = 5_000;

    private final FileChannel channel;
    private final long everyBytes;
    private final String threadName;
    private final Object lock = new Object();
    /** The file's size at the last force asked for; read and written by the writing thread only. */
    private long requestedAt;
    private boolean requested;
    private boolean closed;
    private Thread thread;
    private volatile IOException failure;

    /**
     * @param channel the file, open for writing
     * @param everyBytes how many bytes reach the file between two forces
     * @param threadName the name of the thread that forces it
     */
    public PeriodicFileSync(FileChannel channel, long everyBytes, String threadName) {
        this.channel = channel;
        this.everyBytes = everyBytes;
        this.threadName = threadName;
    }

    /**
     * Asks for a force when another {@code everyBytes} have reached the file since the last one.
     * Called by the thread that writes the file.
     *
     * @param size the file's size now
     */
    public void reached(long size) {
        if (size - requestedAt < everyBytes) {
            return;
        }
        requestedAt = size;
        synchronized (lock) {
            if (closed) {
                return;
            }
            requested = true;
            if (thread == null) {
                thread = new Thread(this::run, threadName);
                thread.setDaemon(true);
                thread.start();
            }
            lock.notifyAll();
        }
    }

    /** @return the error of a force that failed, or null */
    public IOException failure() {
        return failure;
    }

    private void run() {
        while (true) {
            synchronized (lock) {
                while (!requested && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                requested = false;
            }
            try {
                channel.force(false);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                failure = e;
                return;
            }
        }
    }

    /** Ends the thread, waiting a bounded time for a force in progress. */
    @Override
    public void close() {
        Thread running;
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
            running = thread;
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
