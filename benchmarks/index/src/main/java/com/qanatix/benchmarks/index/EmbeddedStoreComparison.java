package com.qanatix.benchmarks.index;

import com.qanatix.benchmarks.support.PeakHeap;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.Qanatix;
import com.qanatix.core.Watermark;
import com.qanatix.core.internal.store.PullState;
import com.qanatix.core.internal.store.StoreBackend;
import com.qanatix.core.internal.store.StoreBackends;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The directory store's index against H2's MVStore (an embedded, well-kept key-value store) doing
 * the same work: a first commit of N entries, then an incremental pull that looks up 15,000 keys
 * spread over them and commits 10,000 (half new, half changed). Prints the time of each, the file
 * size and the peak heap.
 *
 * <p>It drives the store through its internal {@code StoreBackend} and {@code PullState}, not through
 * pulls: the comparison is of the index's lookups and commits alone, with no source, mapping or sink
 * around them. Those types are not API; the harness changes with them.
 *
 * <p>Run: {@code benchmarks/run.sh benchmarks/index com.qanatix.benchmarks.index.EmbeddedStoreComparison -Xmx64m -- --ids 1000000}
 */
public final class EmbeddedStoreComparison {
    private static final long MISSING = Long.MIN_VALUE;

    private EmbeddedStoreComparison() {
    }

    /** @param args {@code --ids N} (default 1,000,000), {@code --rounds R} (default 3) */
    public static void main(String[] args) throws Exception {
        long n = 1_000_000;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--ids")) {
                n = Long.parseLong(args[++i]);
            } else if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            }
        }
        System.out.printf("embedded store comparison: %,d entries, max heap %d MB%n", n, Runtime.getRuntime().maxMemory() >> 20);
        for (int r = 1; r <= rounds; r++) {
            PeakHeap peak = PeakHeap.start();
            String qx = directoryStore(n);
            long qxHeap = peak.stop();
            peak = PeakHeap.start();
            String mv = mvStore(n);
            long mvHeap = peak.stop();
            System.out.printf("round %d:%n  directory store: %s, peak heap %d MB%n  MVStore:         %s, peak heap %d MB%n",
                    r, qx, qxHeap >> 20, mv, mvHeap >> 20);
        }
    }

    private static long key(long i) {
        return (i + 1) * 0x9E3779B97F4A7C15L;
    }

    private static String directoryStore(long n) throws Exception {
        Path dir = Files.createTempDirectory("qx-index-cmp");
        try (ConnectorStore store = ConnectorStore.directory(dir);
             Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store)
                     .sink(new com.qanatix.benchmarks.support.DiscardingSink()).discoverProviders(false)
                     .provider(new IndexBenchmark.IdsProvider()).build()) {
            // A connector must exist for its commits to count; it is never pulled here.
            String id = qx.connectors().create(ConnectorSpec.builder().name("cmp").connectorType("synthetic-ids")
                    .vertical("v").entityType("e").query("q").config("ids", n).build()).id();
            StoreBackend backend = StoreBackends.of(store);
            long t0 = System.nanoTime();
            try (PullState pull = backend.beginPull(id)) {
                for (long i = 0; i < n; i++) {
                    pull.put(key(i), i);
                }
                pull.commit(new Watermark(Instant.now(), Optional.empty()));
            }
            long t1 = System.nanoTime();
            long[] keys = new long[8];
            long[] out = new long[8];
            SplittableRandom random = new SplittableRandom(1);
            try (PullState pull = backend.beginPull(id)) {
                for (int i = 0; i < 15_000; i += 8) {
                    for (int j = 0; j < 8; j++) {
                        keys[j] = key(random.nextLong(n));
                    }
                    pull.getAll(keys, 8, MISSING, out);
                }
                for (int i = 0; i < 5_000; i++) {
                    pull.put(key(random.nextLong(n)), -i);
                    pull.put(key(n + i), i);
                }
                pull.commit(new Watermark(Instant.now(), Optional.empty()));
            }
            long t2 = System.nanoTime();
            return String.format("first commit %.2f s, incremental %.3f s, %,d MB on disk", (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9, bytes(dir) >> 20);
        } finally {
            delete(dir);
        }
    }

    private static String mvStore(long n) throws Exception {
        Path dir = Files.createTempDirectory("mv-index-cmp");
        Path file = dir.resolve("index.mv");
        try {
            long t0 = System.nanoTime();
            try (MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open()) {
                MVMap<Long, Long> map = store.openMap("fingerprints");
                for (long i = 0; i < n; i++) {
                    map.put(key(i), i);
                    if ((i & 0xFFFF) == 0xFFFF) {
                        store.tryCommit(); // bounded memory: write out what is pending every 64K entries
                    }
                }
                store.commit();
                store.sync();
            }
            long t1 = System.nanoTime();
            SplittableRandom random = new SplittableRandom(1);
            try (MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open()) {
                MVMap<Long, Long> map = store.openMap("fingerprints");
                long sum = 0;
                for (int i = 0; i < 15_000; i++) {
                    Long v = map.get(key(random.nextLong(n)));
                    sum += v == null ? 0 : v;
                }
                for (int i = 0; i < 5_000; i++) {
                    map.put(key(random.nextLong(n)), (long) -i);
                    map.put(key(n + i), (long) i);
                }
                store.commit();
                store.sync();
                if (sum == 42) {
                    System.out.print("");
                }
            }
            long t2 = System.nanoTime();
            return String.format("first commit %.2f s, incremental %.3f s, %,d MB on disk", (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9, bytes(dir) >> 20);
        } finally {
            delete(dir);
        }
    }

    private static long bytes(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path p : (Iterable<Path>) files::iterator) {
                total += Files.size(p);
            }
            return total;
        }
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
