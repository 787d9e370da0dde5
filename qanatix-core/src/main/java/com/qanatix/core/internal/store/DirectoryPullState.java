package com.qanatix.core.internal.store;

import com.qanatix.core.Watermark;

import static java.util.Objects.requireNonNull;

/**
 * A pull of a {@link DirectoryConnectorStore} connector: lookups read the committed table (mapped)
 * and this pull's own table, which holds its puts (in memory while they fit, else in a temporary
 * mapped file) until {@link #commit}; see {@link DirectoryIndex}.
 */
final class DirectoryPullState implements PullState {
    /** Lookups gathered before {@link #getAll}: eight cache misses in flight are most of the gain. */
    private static final int LOOKUP_BATCH = 8;

    private final DirectoryIndex index;
    /** This pull's puts; created on the first. */
    private MappedFingerprintTable puts;
    private long[] fromPuts = new long[LOOKUP_BATCH];
    private boolean closed;

    DirectoryPullState(DirectoryIndex index) {
        this.index = requireNonNull(index, "index is null");
    }

    @Override
    public int lookupBatch() {
        return LOOKUP_BATCH;
    }

    @Override
    public void getAll(long[] keyHashes, int count, long missing, long[] out) {
        index.lookup(keyHashes, count, missing, out); // fails once the store is closed
        if (puts == null || puts.size() == 0) {
            return;
        }
        if (fromPuts.length < count) {
            fromPuts = new long[count];
        }
        puts.getAll(keyHashes, count, missing, fromPuts);
        for (int i = 0; i < count; i++) {
            if (fromPuts[i] != missing) {
                out[i] = fromPuts[i];
            }
        }
    }

    @Override
    public void put(long keyHash, long fingerprint) {
        if (puts == null) {
            puts = index.newPullTable();
        }
        puts.put(keyHash, fingerprint);
    }

    @Override
    public void commit(Watermark watermark) {
        requireNonNull(watermark, "watermark is null");
        MappedFingerprintTable handedOver = puts;
        puts = null;
        index.commit(handedOver, watermark);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (puts != null) {
            DirectoryIndex.discard(puts);
            puts = null;
        }
    }
}
