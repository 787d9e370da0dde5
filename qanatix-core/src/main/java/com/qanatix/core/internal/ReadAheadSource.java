package com.qanatix.core.internal;

import com.qanatix.core.spi.SourceException;
import com.qanatix.core.spi.RecordSource;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Drives a {@link RecordSource} on a reader thread of its own, up to a given number of rows ahead
 * of the pull (a pull allows a batch and a chunk). A driver that fetches a cursor batch by batch
 * (pgjdbc, for one) leaves the server idle while the client works through a batch and the client
 * idle while the server produces the next: reading ahead lets the server produce batch n+1 while
 * the pull fingerprints batch n and the sink writes it. With room for less than a batch the reader
 * waits for the pull in the middle of a batch, and the server waits with it.
 *
 * <p>The reader thread calls {@link RecordSource#nextRaw()} and the pulling thread
 * {@link RecordSource#decode}: the server still waits while the reader works through a batch
 * (it asks for the next one only after the last row), so whatever a source can decode without
 * the driver is done off that path.
 *
 * <p>Rows cross in chunks of up to {@value #MAX_CHUNK}; at most about the rows asked for wait, so
 * memory stays bounded. A failure of the source is rethrown by {@link #hasNext()} on the pulling
 * thread, unchanged; one in decoding, by {@link #next()}. {@link #close()} closes the source, which
 * aborts a read in progress (the {@link RecordSource} contract allows that from another thread),
 * and waits a bounded time for the reader to end. Used by one pulling thread; {@code close()} may
 * come from any thread.
 */
public final class ReadAheadSource implements RecordSource {
    /** The most rows handed over at once. */
    static final int MAX_CHUNK = 1024;
    private static final Object END = new Object();
    private static final long JOIN_MILLIS = 5_000;

    private final RecordSource source;
    private final int chunkSize;
    private final BlockingQueue<Object> queue;
    private final Thread reader;
    private volatile boolean stopped;
    private Object[] rows;
    private int position;
    private int length;
    private boolean finished;

    /**
     * Starts reading at once.
     *
     * @param source the source to read ahead
     * @param aheadRows how many rows may wait (rounded up to whole chunks)
     * @param threadName the reader thread's name
     */
    public ReadAheadSource(RecordSource source, int aheadRows, String threadName) {
        this.source = source;
        if (aheadRows < 1) {
            throw new IllegalArgumentException("aheadRows must be positive: " + aheadRows);
        }
        this.chunkSize = Math.max(1, Math.min(MAX_CHUNK, aheadRows / 2));
        this.queue = new ArrayBlockingQueue<>(Math.max(2, (aheadRows + chunkSize - 1) / chunkSize));
        this.reader = new Thread(this::read, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (!stopped) {
            Object[] chunk = new Object[chunkSize];
            int n = 0;
            try {
                while (n < chunkSize && source.hasNext()) {
                    chunk[n++] = source.nextRaw();
                }
            } catch (RuntimeException | Error e) {
                if (n > 0) {
                    hand(new Chunk(chunk, n)); // the rows read before the failure count as pulled
                }
                hand(new Failure(e));
                return;
            }
            if (n > 0) {
                hand(new Chunk(chunk, n));
            }
            if (n < chunkSize) {
                hand(END);
                return;
            }
        }
    }

    /** Queues an item, giving up once the pull stopped (nobody would take it). */
    private void hand(Object item) {
        try {
            while (!stopped) {
                if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean hasNext() {
        if (position < length) {
            return true;
        }
        if (finished) {
            return false;
        }
        Object item = take();
        if (item instanceof Chunk chunk) {
            rows = chunk.rows;
            position = 0;
            length = chunk.length;
            return true;
        }
        finished = true;
        rows = null;
        if (item instanceof Failure failure) {
            if (failure.error instanceof RuntimeException e) {
                throw e;
            }
            throw (Error) failure.error;
        }
        return false;
    }

    private Object take() {
        try {
            while (true) {
                Object item = queue.poll(100, TimeUnit.MILLISECONDS);
                if (item != null) {
                    return item;
                }
                if (stopped) {
                    throw new SourceException("the source was closed (pull aborted)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while waiting for rows");
        }
    }

    /** The next row, decoded on this (the pulling) thread; see {@link RecordSource#decode}. */
    @Override
    public Map<String, Object> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Object raw = rows[position];
        rows[position++] = null;
        return source.decode(raw);
    }

    @Override
    public void close() {
        stopped = true;
        source.close();
        if (Thread.currentThread() != reader) {
            try {
                reader.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        queue.clear();
    }

    private record Chunk(Object[] rows, int length) {
    }

    private record Failure(Throwable error) {
    }
}
