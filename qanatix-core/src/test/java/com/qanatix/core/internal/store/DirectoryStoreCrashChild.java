package com.qanatix.core.internal.store;

import com.qanatix.core.StoreException;
import com.qanatix.core.Watermark;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The process {@link DirectoryStoreCrashTest} kills: pulls round after round into a directory
 * store, announcing each commit on standard output, until it is killed.
 *
 * <p>{@code pull <dir> <connector id> <first round>}: runs rounds from the first on.
 * {@code open <dir>}: opens the store and prints {@code opened}, or {@code refused <message>}.
 */
public final class DirectoryStoreCrashChild {
    private DirectoryStoreCrashChild() {
    }

    /** Rounds a key range that overlaps the previous rounds' (changed entries) and goes past it (new ones). */
    static long firstKey(int round) {
        return round == 1 ? 0 : 40_000L * round;
    }

    static long endKey(int round) {
        return round == 1 ? 120_000 : firstKey(round) + 70_000;
    }

    static long keyHash(long key) {
        return (key + 1) * 0x9E3779B97F4A7C15L;
    }

    static long fingerprint(int round, long key) {
        return (key + 1) * 31 + round * 1_000_003L;
    }

    static Watermark watermark(int round) {
        return new Watermark(Instant.ofEpochSecond(round), Optional.of((long) round));
    }

    /**
     * @param args see the class comment
     */
    public static void main(String[] args) {
        Path dir = Path.of(args[1]);
        if (args[0].equals("open")) {
            try (DirectoryConnectorStore store = new DirectoryConnectorStore(dir)) {
                System.out.println(store.list().isEmpty() ? "opened" : "opened, not empty");
            } catch (StoreException e) {
                System.out.println("refused " + e.getMessage());
            }
            return;
        }
        String id = args[2];
        int round = Integer.parseInt(args[3]);
        DirectoryConnectorStore store = new DirectoryConnectorStore(dir);
        System.out.println("ready");
        System.out.flush();
        long[] keys = new long[8];
        long[] out = new long[8];
        for (; ; round++) {
            try (PullState pull = store.beginPull(id)) {
                int n = 0;
                for (long k = firstKey(round); k < endKey(round); k++) {
                    keys[n++] = keyHash(k);
                    if (n == keys.length) {
                        pull.getAll(keys, n, 0, out);
                        n = 0;
                    }
                    pull.put(keyHash(k), fingerprint(round, k));
                }
                System.out.println("committing " + round);
                System.out.flush();
                pull.commit(watermark(round));
            }
            System.out.println("committed " + round);
            System.out.flush();
        }
    }
}
