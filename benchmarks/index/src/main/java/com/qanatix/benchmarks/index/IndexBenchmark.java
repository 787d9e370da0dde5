package com.qanatix.benchmarks.index;

import com.qanatix.benchmarks.support.DiscardingSink;
import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.PullResult;
import com.qanatix.core.Qanatix;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The directory store's dedup index at scale, no database: for each connector size N (source ids),
 * a first pull of N synthetic rows through {@link Qanatix#pull} into a discarding sink, then
 * incremental pulls of 15,000 rows (5,000 new ids, 5,000 changed, 5,000 unchanged, spread over the
 * whole id range), with the peak heap, the peak direct and mapped buffer memory, and the store's
 * size on disk.
 *
 * <p>All connectors live in one directory store. First pulls run one size after another; then each
 * round of incremental pulls pulls every size in turn.
 *
 * <p>Run: {@code benchmarks/run.sh benchmarks/index com.qanatix.benchmarks.index.IndexBenchmark -Xmx64m --
 * --ids 20000,1000000,10000000 --dir /path/with/room}
 */
public final class IndexBenchmark {
    private static final int INCREMENTAL_ROWS = 15_000;

    private IndexBenchmark() {
    }

    /**
     * @param args {@code --ids N,N,...} connector sizes (default 20000,1000000,10000000);
     *     {@code --incremental-rounds R} (default 5); {@code --dir D} where the stores go (default a
     *     temporary directory; each store is deleted after its size is measured)
     */
    public static void main(String[] args) throws Exception {
        long[] sizes = {20_000, 1_000_000, 10_000_000};
        int rounds = 5;
        Path base = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ids" -> sizes = Arrays.stream(args[++i].split(",")).mapToLong(s -> Long.parseLong(s.trim())).toArray();
                case "--incremental-rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--dir" -> base = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (base == null) {
            base = Files.createTempDirectory("qanatix-index-bench");
        }
        Memory memory = Memory.start();
        System.out.printf("index benchmark: directory store under %s, max heap %d MB, %s, %d cores%n", base,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors());
        Path dir = base.resolve("store");
        try (ConnectorStore store = ConnectorStore.directory(dir);
             Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store)
                     .sink(new DiscardingSink()).discoverProviders(false).provider(new IdsProvider()).build()) {
            // A warm-up, not reported: the JIT compiles the pull before the first measured size.
            Connector warmUp = connector(qx, 20_000);
            check(qx.pull(warmUp.id()), 20_000, 20_000, 0);
            IdsProvider.round = 1;
            check(qx.pull(warmUp.id()), INCREMENTAL_ROWS, 2L * INCREMENTAL_ROWS / 3, INCREMENTAL_ROWS / 3);
            qx.connectors().delete(warmUp.id());

            Connector[] connectors = new Connector[sizes.length];
            double[] firstSeconds = new double[sizes.length];
            long[] firstPeakHeap = new long[sizes.length];
            long[] firstPeakDirect = new long[sizes.length];
            long[] firstPeakMapped = new long[sizes.length];
            for (int s = 0; s < sizes.length; s++) {
                long n = sizes[s];
                connectors[s] = connector(qx, n);
                memory.reset();
                IdsProvider.round = 0;
                PullResult first = qx.pull(connectors[s].id());
                check(first, n, n, 0);
                firstSeconds[s] = first.durationSeconds();
                firstPeakHeap[s] = memory.heap;
                firstPeakDirect[s] = memory.direct;
                firstPeakMapped[s] = memory.mapped;
                System.out.printf("%,d ids: first pull %.2f s = %,.0f rows/s; peak heap %d MB, direct %d MB, mapped %d MB%n",
                        n, first.durationSeconds(), n / first.durationSeconds(), memory.heap >> 20, memory.direct >> 20,
                        memory.mapped >> 20);
            }
            // Incremental pulls, the sizes taking turns in each round, so a busy moment of a shared
            // machine falls on all of them alike.
            double[][] incremental = new double[sizes.length][rounds];
            memory.reset();
            for (int r = 0; r < rounds; r++) {
                IdsProvider.round = r + 1;
                for (int s = 0; s < sizes.length; s++) {
                    PullResult inc = qx.pull(connectors[s].id());
                    check(inc, INCREMENTAL_ROWS, 2L * INCREMENTAL_ROWS / 3, INCREMENTAL_ROWS / 3);
                    incremental[s][r] = inc.durationSeconds();
                }
            }
            System.out.printf("incremental pulls: peak heap %d MB, direct %d MB, mapped %d MB%n", memory.heap >> 20,
                    memory.direct >> 20, memory.mapped >> 20);
            System.out.println("summary:");
            for (int s = 0; s < sizes.length; s++) {
                long n = sizes[s];
                long disk = bytesOf(dir, connectors[s].id());
                double[] sorted = incremental[s].clone();
                Arrays.sort(sorted);
                System.out.printf("  %,d ids: first pull %,.0f rows/s (%.2f s, peak heap %d MB, direct %d MB, mapped %d MB); "
                                + "incremental pull of %,d rows: median %.3f s (%s); store %,d MB on disk = %.1f bytes an id%n",
                        n, n / firstSeconds[s], firstSeconds[s], firstPeakHeap[s] >> 20, firstPeakDirect[s] >> 20,
                        firstPeakMapped[s] >> 20, INCREMENTAL_ROWS, sorted[rounds / 2], formatted(incremental[s]),
                        disk >> 20, (double) disk / n);
            }
        } finally {
            delete(dir);
        }
    }

    private static Connector connector(Qanatix qx, long ids) {
        return qx.connectors().create(ConnectorSpec.builder().name("ids-" + ids).connectorType("synthetic-ids")
                .vertical("retail").entityType("product").query("recent").config("ids", ids)
                .sourceIdColumn("id").nameColumn("name").build());
    }

    static String formatted(double[] seconds) {
        StringBuilder b = new StringBuilder();
        for (double s : seconds) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format("%.3f", s));
        }
        return b.toString();
    }

    private static void check(PullResult r, long pulled, long ingested, long duplicates) {
        if (!r.isCompleted() || r.recordsPulled() != pulled || r.recordsIngested() != ingested
                || r.duplicatesSkipped() != duplicates) {
            throw new IllegalStateException("unexpected result " + r.toJson());
        }
    }

    /** @return the bytes of a connector's files in the store directory */
    private static long bytesOf(Path dir, String id) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith(id + ".")) {
                    total += Files.size(p);
                }
            }
        }
        return total;
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Samples heap use and the direct and mapped buffer pools every 5 ms, keeping the maxima. */
    static final class Memory implements Runnable {
        private final MemoryMXBean heapBean = ManagementFactory.getMemoryMXBean();
        private final List<BufferPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
        volatile long heap;
        volatile long direct;
        volatile long mapped;

        static Memory start() {
            Memory m = new Memory();
            Thread t = new Thread(m, "memory-sampler");
            t.setDaemon(true);
            t.start();
            return m;
        }

        void reset() {
            heap = 0;
            direct = 0;
            mapped = 0;
        }

        @Override
        public void run() {
            while (true) {
                heap = Math.max(heap, heapBean.getHeapMemoryUsage().getUsed());
                for (BufferPoolMXBean pool : pools) {
                    if (pool.getName().equals("direct")) {
                        direct = Math.max(direct, pool.getMemoryUsed());
                    } else if (pool.getName().equals("mapped")) {
                        mapped = Math.max(mapped, pool.getMemoryUsed());
                    }
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Connector type {@code synthetic-ids}: {@code ids} product rows on a first pull ({@code :last_pull}
     * at the epoch); afterwards 15,000 rows of round {@link #round}: 5,000 ids never seen, 5,000 whose
     * price changed in this round, 5,000 unchanged, spread over the whole id range.
     */
    static final class IdsProvider implements ConnectorProvider {
        static volatile int round;

        @Override
        public String connectorType() {
            return "synthetic-ids";
        }

        @Override
        public void validate(ConnectorConfig config, String query) {
            config.getLong("ids", 0);
        }

        @Override
        public RecordSource open(PullContext context) {
            long ids = context.config().getLong("ids", 0);
            boolean first = Instant.EPOCH.equals(context.lastPull());
            return first ? new Rows(ids, 0, 0) : new Rows(ids, round, INCREMENTAL_ROWS);
        }
    }

    /** The rows: {@code id, name, price, stock, updated_at}. */
    static final class Rows implements RecordSource {
        private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
        private final long ids;
        private final int round;
        private final long count;
        private long next;

        /** @param count 0 for all ids, else an incremental pull's rows */
        Rows(long ids, int round, long count) {
            this.ids = ids;
            this.round = round;
            this.count = count == 0 ? ids : count;
        }

        @Override
        public boolean hasNext() {
            return next < count;
        }

        @Override
        public Map<String, Object> next() {
            long i = next++;
            long id;
            int version = 0;
            if (round == 0) {
                id = i + 1;
            } else {
                long third = count / 3;
                long stride = Math.max(1, ids / third);
                if (i < third) {
                    id = ids + (long) (round - 1) * third + i + 1; // new
                } else if (i < 2 * third) {
                    id = 1 + (i - third) * stride; // changed in this round
                    version = round;
                } else {
                    id = 2 + (i - 2 * third) * stride; // unchanged
                }
                if (i < third) {
                    version = 0;
                }
            }
            Map<String, Object> row = new LinkedHashMap<>(8);
            row.put("id", id);
            row.put("name", "Product " + id);
            row.put("price", BigDecimal.valueOf(id % 100_000 + version * 7L, 2));
            row.put("stock", id % 500);
            row.put("updated_at", BASE.plusSeconds(id));
            return row;
        }

        @Override
        public void close() {
            next = count;
        }
    }
}
