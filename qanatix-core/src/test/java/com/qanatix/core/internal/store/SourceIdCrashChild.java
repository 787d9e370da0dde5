package com.qanatix.core.internal.store;

import com.qanatix.core.Watermark;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The process {@link SourceIdCrashTest} kills: round after round, a pull that ingests 1,000 new
 * keys with their source ids, then a reconciliation that forgets a third of the previous round's
 * keys, into a directory store, until it is killed.
 *
 * <p>{@code <dir> <connector id> <first round>}
 */
public final class SourceIdCrashChild {
    static final int KEYS_A_ROUND = 1_000;

    private SourceIdCrashChild() {
    }

    static long keyHash(long key) {
        return (key + 1) * 0x9E3779B97F4A7C15L;
    }

    static String sourceId(long key) {
        return "k" + key;
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        DirectoryConnectorStore store = new DirectoryConnectorStore(Path.of(args[0]));
        String id = args[1];
        System.out.println("ready");
        System.out.flush();
        for (int round = Integer.parseInt(args[2]); ; round++) {
            Watermark watermark = new Watermark(Instant.ofEpochSecond(round), Optional.empty());
            try (PullState pull = store.beginPullWithSourceIds(id)) {
                for (long k = (long) round * KEYS_A_ROUND; k < (round + 1L) * KEYS_A_ROUND; k++) {
                    pull.put(keyHash(k), k + 7);
                    pull.addSourceId(keyHash(k), sourceId(k));
                }
                pull.commit(watermark);
            }
            Set<Long> forgotten = new HashSet<>();
            for (long k = (round - 1L) * KEYS_A_ROUND; k < (long) round * KEYS_A_ROUND; k += 3) {
                forgotten.add(keyHash(k));
            }
            try (PullState reconcile = store.beginPullWithSourceIds(id)) {
                reconcile.removeSourceIds(new KeySet() {
                    @Override
                    public boolean contains(long keyHash) {
                        return forgotten.contains(keyHash);
                    }

                    @Override
                    public void forEach(LongConsumer action) {
                        forgotten.forEach(action::accept);
                    }

                    @Override
                    public long size() {
                        return forgotten.size();
                    }
                });
                reconcile.commit(watermark);
            }
        }
    }
}
