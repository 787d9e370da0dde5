package com.qanatix.core.internal.store;

import com.qanatix.core.Watermark;

/**
 * One pull's view of a connector's dedup state: lookups see the fingerprints committed by earlier
 * pulls together with the entries this pull has put, and nothing becomes visible to other pulls
 * (or survives a crash) until {@link #commit}. Memory stays bounded however many source ids the
 * connector holds and however many rows the pull reads: a store keeps what does not fit on disk or
 * in its database.
 *
 * <p>Used by one thread, the pulling one. Opened by {@link StoreBackend#beginPull}; every opening
 * sits in try-with-resources, and {@link #close()} without a commit discards the pull's changes.
 */
public interface PullState extends AutoCloseable {

    /**
     * @return how many keys a caller should gather before {@link #getAll}: a few for an index in
     *     memory or mapped from a file (their cache misses overlap), thousands for a store that
     *     answers over a network round trip
     */
    int lookupBatch();

    /**
     * Looks keys up: {@code out[i]} becomes the fingerprint of {@code keyHashes[i]} as this pull
     * sees it (its own puts first, then the committed entries), or {@code missing}.
     *
     * @param keyHashes source id hashes
     * @param count how many of them, from the first
     * @param missing stored in {@code out} for a key without an entry
     * @param out receives the fingerprints; at least {@code count} long
     */
    void getAll(long[] keyHashes, int count, long missing, long[] out);

    /**
     * Records that this pull ingested a source id with this content; visible to this pull's later
     * lookups at once, to everyone else after {@link #commit}.
     *
     * @param keyHash the source id hash
     * @param fingerprint the content fingerprint
     */
    void put(long keyHash, long fingerprint);

    /**
     * Makes this pull's entries and its watermark durable, together: after a crash the store holds
     * either the state before this call or the state after it. Does nothing when the connector was
     * deleted during the pull.
     *
     * @param watermark the watermark the next pull starts from
     * @throws com.qanatix.core.StoreException when the commit failed; nothing of it is visible then
     */
    void commit(Watermark watermark);

    /**
     * Records a source id this pull ingested and the connector's fingerprints did not hold, so that a
     * reconciliation can later tell the sink its id when it disappears from the source. Kept with the
     * pull's entries and committed with them.
     *
     * @param keyHash the source id's hash
     * @param sourceId the source id
     * @throws UnsupportedOperationException when the state was opened without source ids
     */
    default void addSourceId(long keyHash, String sourceId) {
        throw new UnsupportedOperationException("this pull does not record source ids");
    }

    /**
     * Makes the commit remove these source ids (a reconciliation found them gone at the source):
     * their fingerprints and their ids leave the connector's state, so a row that comes back is a
     * new record.
     *
     * @param keyHashes the hashes of the source ids to forget; read during {@link #commit}
     * @throws UnsupportedOperationException when the state was opened without source ids
     */
    default void removeSourceIds(KeySet keyHashes) {
        throw new UnsupportedOperationException("this pull does not record source ids");
    }

    /** Discards the pull's entries unless committed; safe to call twice. */
    @Override
    void close();
}
