package com.qanatix.core.internal.store;

import com.qanatix.core.Watermark;

import static java.util.Objects.requireNonNull;

/**
 * A store's {@link PullState} together with the source ids the pull adds or a reconciliation
 * removes ({@link SourceIdChanges}); the store's own commit step writes both, in the order that
 * keeps them consistent after a crash.
 */
final class SourceIdPullState implements PullState {
    /**
     * The fingerprint a forgotten key is committed with where the index cannot remove an entry: the
     * value every lookup treats as no entry, so the key reads as new.
     */
    static final long FORGOTTEN = 0L;

    /** Commits the pull's entries, watermark and source id changes. */
    @FunctionalInterface
    interface Commit {
        void commit(PullState entries, SourceIdChanges changes, Watermark watermark);
    }

    private final PullState entries;
    private final SourceIdChanges changes;
    private final Commit commit;
    private boolean closed;

    /**
     * @param entries the store's pull state, owned from here on
     * @param changes the pull's source id changes, owned from here on
     * @param commit writes them all
     */
    SourceIdPullState(PullState entries, SourceIdChanges changes, Commit commit) {
        this.entries = requireNonNull(entries, "entries is null");
        this.changes = requireNonNull(changes, "changes is null");
        this.commit = requireNonNull(commit, "commit is null");
    }

    @Override
    public int lookupBatch() {
        return entries.lookupBatch();
    }

    @Override
    public void getAll(long[] keyHashes, int count, long missing, long[] out) {
        entries.getAll(keyHashes, count, missing, out);
    }

    @Override
    public void put(long keyHash, long fingerprint) {
        entries.put(keyHash, fingerprint);
    }

    @Override
    public void addSourceId(long keyHash, String sourceId) {
        changes.add(keyHash, sourceId);
    }

    @Override
    public void removeSourceIds(KeySet keyHashes) {
        changes.removeAll(keyHashes);
    }

    @Override
    public void commit(Watermark watermark) {
        requireNonNull(watermark, "watermark is null");
        commit.commit(entries, changes, watermark);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            entries.close();
        } finally {
            changes.close();
        }
    }
}
