package com.qanatix.core.internal.store;

import com.qanatix.core.StoreException;
import com.qanatix.core.Watermark;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Keeps connectors and their state in this process's memory. */
public final class InMemoryConnectorStore implements StoreBackend {
    private final Map<String, StoredConnector> connectors = new HashMap<>();
    private final Map<String, Watermark> watermarks = new HashMap<>();
    private final Map<String, FingerprintIndex> fingerprints = new HashMap<>();
    private final FileSourceIdLogs sourceIds = FileSourceIdLogs.temporary(this::isStored);
    /** Set by {@link #close()}; a running pull checks it before each chunk's lookups. */
    private volatile boolean closed;
    /** Pulls begun and not yet closed: while any runs, closing must not recycle pages it may read. */
    private int openPulls;

    @Override
    public synchronized void save(StoredConnector connector) {
        requireNonNull(connector, "connector is null");
        connectors.put(connector.id(), connector);
    }

    private synchronized boolean isStored(String id) {
        return connectors.containsKey(id);
    }

    @Override
    public synchronized Optional<StoredConnector> find(String id) {
        return Optional.ofNullable(connectors.get(id));
    }

    @Override
    public synchronized List<StoredConnector> list() {
        return connectors.values().stream()
                .sorted(Comparator.comparing((StoredConnector s) -> s.connector().createdAt())
                        .thenComparing(StoredConnector::id))
                .toList();
    }

    @Override
    public synchronized boolean delete(String id) {
        watermarks.remove(id);
        // Not closed: a pull of this connector may still be reading a view of it; the collector frees it.
        fingerprints.remove(id);
        sourceIds.clear(id);
        return connectors.remove(id) != null;
    }

    @Override
    public synchronized void resync(String id) {
        watermarks.remove(id);
        fingerprints.remove(id); // not closed, as in delete
        sourceIds.clear(id);
    }

    @Override
    public synchronized void resetWatermark(String id, Watermark watermark) {
        requireNonNull(watermark, "watermark is null");
        if (connectors.containsKey(id)) {
            watermarks.put(id, watermark);
        }
    }

    @Override
    public PullState beginPullWithSourceIds(String id) {
        return sourceIds.wrap(id, beginPull(id));
    }

    @Override
    public long sourceIdCount(String id) {
        return sourceIds.count(id);
    }

    @Override
    public void forEachSourceId(String id, SourceIdConsumer action) {
        sourceIds.forEach(id, action);
    }

    @Override
    public synchronized Optional<Watermark> watermark(String id) {
        return Optional.ofNullable(watermarks.get(id));
    }

    /** @return the committed fingerprints of a connector (empty if none), which the caller closes */
    synchronized FingerprintIndex committedFingerprints(String id) {
        FingerprintIndex index = fingerprints.get(id);
        // A view, not a copy: a million entries are 33 MB of direct memory, and a copy doubled that
        // for every re-pull. The pull only reads it, and closes it before commitPull changes the index.
        return index == null ? new FingerprintIndex() : index.readOnlyView();
    }

    @Override
    public synchronized PullState beginPull(String id) {
        checkOpen();
        openPulls++;
        return new IndexPullState(id, committedFingerprints(id), this::commitPull, this::checkOpen, this::pullClosed);
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("the connector store was closed during the pull; nothing of it was committed");
        }
    }

    private synchronized void pullClosed() {
        openPulls--;
    }

    @Override
    public synchronized long fingerprintCount(String id) {
        try (FingerprintIndex index = committedFingerprints(id)) {
            return index.size();
        }
    }

    /** Merges a pull's changes (owned from the call on) and records its watermark. */
    synchronized void commitPull(String id, Watermark watermark, FingerprintIndex changedFingerprints) {
        if (closed) {
            changedFingerprints.close();
            checkOpen();
        }
        if (!connectors.containsKey(id)) {
            changedFingerprints.close();
            return;
        }
        FingerprintIndex existing = fingerprints.get(id);
        if (existing == null) {
            fingerprints.put(id, changedFingerprints); // the caller hands it over: no copy of a large first pull
        } else {
            try {
                existing.putAll(changedFingerprints);
            } finally {
                changedFingerprints.close();
            }
        }
        watermarks.put(id, watermark);
    }

    /**
     * Forgets everything and gives the fingerprint indexes' direct memory back for reuse, unless a
     * pull is still running: it may be reading those pages, so they are left to the garbage
     * collector, and the pull fails before its next chunk and commits nothing.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (openPulls == 0) {
            fingerprints.values().forEach(FingerprintIndex::close);
        }
        fingerprints.clear();
        watermarks.clear();
        connectors.clear();
        sourceIds.close();
    }
}
