package com.qanatix.core.internal.store;

import com.qanatix.core.StoreException;
import com.qanatix.core.Watermark;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/** A real backend whose pull commits fail on demand: the store failing after the sink committed. */
final class FaultyBackend implements StoreBackend {
    private final StoreBackend real;
    /** How many of the next pull commits fail. */
    final AtomicInteger failingCommits = new AtomicInteger();

    FaultyBackend(StoreBackend real) {
        this.real = real;
    }

    @Override
    public void save(StoredConnector connector) {
        real.save(connector);
    }

    @Override
    public Optional<StoredConnector> find(String id) {
        return real.find(id);
    }

    @Override
    public List<StoredConnector> list() {
        return real.list();
    }

    @Override
    public boolean delete(String id) {
        return real.delete(id);
    }

    @Override
    public Optional<Watermark> watermark(String id) {
        return real.watermark(id);
    }

    @Override
    public long fingerprintCount(String id) {
        return real.fingerprintCount(id);
    }

    @Override
    public Runnable onUnreadableEntry(BiConsumer<String, String> reporter) {
        return real.onUnreadableEntry(reporter);
    }

    @Override
    public PullState beginPull(String id) {
        PullState state = real.beginPull(id);
        return new PullState() {
            @Override
            public int lookupBatch() {
                return state.lookupBatch();
            }

            @Override
            public void getAll(long[] keyHashes, int count, long missing, long[] out) {
                state.getAll(keyHashes, count, missing, out);
            }

            @Override
            public void put(long keyHash, long fingerprint) {
                state.put(keyHash, fingerprint);
            }

            @Override
            public void commit(Watermark watermark) {
                if (failingCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new StoreException("injected: the store's disk is full");
                }
                state.commit(watermark);
            }

            @Override
            public void close() {
                state.close();
            }
        };
    }

    @Override
    public void close() {
        real.close();
    }
}
