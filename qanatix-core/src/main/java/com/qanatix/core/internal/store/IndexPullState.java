package com.qanatix.core.internal.store;

import com.qanatix.core.Watermark;

import static java.util.Objects.requireNonNull;

/**
 * A {@link PullState} over two {@link FingerprintIndex}es: the committed entries as the store
 * handed them out, and the pull's own changes, which {@link #commit} gives to the store.
 */
final class IndexPullState implements PullState {
    /** Lookups gathered before {@link #getAll}: eight cache misses in flight are most of the gain. */
    private static final int LOOKUP_BATCH = 8;

    /** Takes a pull's changes over; owns them from the call on, also when it throws. */
    @FunctionalInterface
    interface Committer {
        void commit(String id, Watermark watermark, FingerprintIndex changes);
    }

    private final String id;
    private final FingerprintIndex committed;
    private final Committer committer;
    private final Runnable guard;
    private final Runnable onClose;
    private FingerprintIndex changes = new FingerprintIndex();
    private final long[] committedOut = new long[LOOKUP_BATCH];
    private boolean closed;

    IndexPullState(String id, FingerprintIndex committed, Committer committer) {
        this(id, committed, committer, () -> { }, () -> { });
    }

    /**
     * @param guard run before each lookup of a chunk; throws when the store can no longer serve the pull
     * @param onClose run once when the pull closes
     */
    IndexPullState(String id, FingerprintIndex committed, Committer committer, Runnable guard, Runnable onClose) {
        this.id = requireNonNull(id, "id is null");
        this.committed = requireNonNull(committed, "committed is null");
        this.committer = requireNonNull(committer, "committer is null");
        this.guard = requireNonNull(guard, "guard is null");
        this.onClose = requireNonNull(onClose, "onClose is null");
    }

    @Override
    public int lookupBatch() {
        return LOOKUP_BATCH;
    }

    @Override
    public void getAll(long[] keyHashes, int count, long missing, long[] out) {
        guard.run();
        long[] fromCommitted = count <= committedOut.length ? committedOut : new long[count];
        committed.getAll(keyHashes, count, missing, fromCommitted);
        changes.getAll(keyHashes, count, missing, out);
        for (int i = 0; i < count; i++) {
            if (out[i] == missing) {
                out[i] = fromCommitted[i];
            }
        }
    }

    @Override
    public void put(long keyHash, long fingerprint) {
        changes.put(keyHash, fingerprint);
    }

    @Override
    public void commit(Watermark watermark) {
        requireNonNull(watermark, "watermark is null");
        committed.close(); // the committed view must not outlive the store's change to it
        FingerprintIndex handedOver = changes;
        changes = null;
        committer.commit(id, watermark, handedOver);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        committed.close();
        if (changes != null) {
            changes.close();
            changes = null;
        }
        onClose.run();
    }
}
