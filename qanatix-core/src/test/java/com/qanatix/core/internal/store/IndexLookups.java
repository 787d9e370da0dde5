package com.qanatix.core.internal.store;

/** Reads one committed fingerprint the way a pull does. */
final class IndexLookups {
    private IndexLookups() {
    }

    static long get(StoreBackend store, String id, long key) {
        return get(store, id, key, 0);
    }

    static long get(StoreBackend store, String id, long key, long missing) {
        try (PullState pull = store.beginPull(id)) {
            long[] out = new long[1];
            pull.getAll(new long[] {key}, 1, missing, out);
            return out[0];
        }
    }
}
