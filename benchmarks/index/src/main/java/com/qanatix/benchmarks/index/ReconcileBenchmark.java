package com.qanatix.benchmarks.index;

import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.DeletionDetection;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.RecordSink;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletion detection at scale in a directory store, no database:
 * <ol>
 *   <li>what recording source ids costs a pull: first pulls of {@code --cost-ids} rows (every row new,
 *   so every id recorded: the worst case) with and without a {@code deletes} field, alternating,
 *   {@code --rounds} times;</li>
 *   <li>a reconciliation of {@code --ids} recorded ids against a keys query of the same ids less
 *   {@code --deleted} of them, spread over the range; then a second one (no deletions) and one whose
 *   keys query returns nothing (refused by the guard). Time, and peak heap, direct and mapped memory,
 *   and the process's peak resident set.</li>
 * </ol>
 *
 * <p>Run: {@code benchmarks/run.sh benchmarks/index com.qanatix.benchmarks.index.ReconcileBenchmark
 * -Xmx64m -- --ids 10000000 --deleted 1000 --dir /path/with/room}
 */
public final class ReconcileBenchmark {
    private ReconcileBenchmark() {
    }

    /**
     * @param args {@code --ids N} (default 10,000,000), {@code --deleted D} (default 1,000),
     *     {@code --cost-ids M} (default 1,000,000), {@code --rounds R} (default 3), {@code --dir D}
     *     (default a temporary directory, deleted at the end)
     */
    public static void main(String[] args) throws Exception {
        long ids = 10_000_000;
        long deleted = 1_000;
        long costIds = 1_000_000;
        int rounds = 3;
        Path base = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ids" -> ids = Long.parseLong(args[++i]);
                case "--deleted" -> deleted = Long.parseLong(args[++i]);
                case "--cost-ids" -> costIds = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--dir" -> base = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (base == null) {
            base = Files.createTempDirectory("qanatix-reconcile-bench");
        }
        IndexBenchmark.Memory memory = IndexBenchmark.Memory.start();
        System.out.printf("reconcile benchmark: directory store under %s, max heap %d MB, %s, %d cores%n", base,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors());
        Path dir = base.resolve("store");
        Path scratch = Files.createDirectories(base.resolve("reconcile"));
        CountingSink sink = new CountingSink();
        try (ConnectorStore store = ConnectorStore.directory(dir);
             Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store).sink(sink)
                     .reconcileDirectory(scratch).discoverProviders(false).provider(new KeysProvider()).build()) {
            KeysProvider.skipEvery = 0;
            for (int warmUp = 0; warmUp < 2; warmUp++) { // compiles both loops before anything is measured
                for (boolean deletes : new boolean[] {false, true}) {
                    Connector c = connector(qx, 50_000, deletes);
                    check(qx.pull(c.id()), 50_000);
                    if (deletes) {
                        qx.reconcile(c.id());
                    }
                    qx.connectors().delete(c.id());
                }
            }

            double[][] seconds = new double[2][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int side = 0; side < 2; side++) { // off, then on, in every round
                    Connector c = connector(qx, costIds, side == 1);
                    PullResult first = qx.pull(c.id());
                    check(first, costIds);
                    seconds[side][r] = first.durationSeconds();
                    qx.connectors().delete(c.id());
                }
            }
            double off = median(seconds[0]);
            double on = median(seconds[1]);
            System.out.printf("first pull of %,d rows, median of %d: without deletes %.3f s (%s), with deletes "
                            + "%.3f s (%s): rows/s with deletes / without = %.3f%n", costIds, rounds, off,
                    IndexBenchmark.formatted(seconds[0]), on, IndexBenchmark.formatted(seconds[1]), off / on);

            Connector big = connector(qx, ids, true);
            memory.reset();
            PullResult pull = qx.pull(big.id());
            check(pull, ids);
            System.out.printf("%,d ids: first pull with deletes %.2f s = %,.0f rows/s; peak heap %d MB, direct %d MB, "
                            + "mapped %d MB; recorded ids on disk %,d MB%n", ids, pull.durationSeconds(),
                    ids / pull.durationSeconds(), memory.heap >> 20, memory.direct >> 20, memory.mapped >> 20,
                    Files.size(dir.resolve(big.id() + ".ids")) >> 20);

            KeysProvider.skipEvery = deleted == 0 ? 0 : ids / deleted;
            memory.reset();
            PullResult reconcile = qx.reconcile(big.id());
            long expected = deleted == 0 ? 0 : ids / KeysProvider.skipEvery;
            checkReconcile(reconcile, ids - expected, expected);
            if (sink.deletions.get() != expected) {
                throw new IllegalStateException("the sink got " + sink.deletions.get() + " deletions");
            }
            System.out.printf("reconcile of %,d ids against %,d recorded: %.2f s = %,.0f ids/s, %,d deletions; peak "
                            + "heap %d MB, direct %d MB, mapped %d MB; peak resident set of the process %d MB%n",
                    ids - expected, ids, reconcile.durationSeconds(), ids / reconcile.durationSeconds(),
                    reconcile.deletions().orElseThrow(), memory.heap >> 20, memory.direct >> 20, memory.mapped >> 20,
                    peakResidentMb());

            memory.reset();
            PullResult again = qx.reconcile(big.id());
            checkReconcile(again, ids - expected, 0);
            System.out.printf("second reconcile: %.2f s, 0 deletions; peak heap %d MB, direct %d MB%n",
                    again.durationSeconds(), memory.heap >> 20, memory.direct >> 20);

            KeysProvider.skipEvery = 1; // the keys query returns nothing
            PullResult refused = qx.reconcile(big.id());
            if (refused.status() != PullStatus.REFUSED || refused.deletions().orElseThrow() != ids - expected) {
                throw new IllegalStateException("unexpected result " + refused.toJson());
            }
            System.out.printf("keys query returning nothing: %s in %.2f s (%s)%n", refused.status().wireName(),
                    refused.durationSeconds(), refused.toJson());
        } finally {
            IndexBenchmark.delete(base.resolve("store"));
            IndexBenchmark.delete(scratch);
        }
    }

    private static Connector connector(Qanatix qx, long ids, boolean deletes) {
        return qx.connectors().create(ConnectorSpec.builder().name("ids-" + ids).connectorType("keys")
                .vertical("retail").entityType("product").query("rows").config("ids", ids)
                .deletes(deletes ? DeletionDetection.withQuery("keys") : null).build());
    }

    private static void check(PullResult r, long rows) {
        if (!r.isCompleted() || r.recordsPulled() != rows || r.recordsIngested() != rows) {
            throw new IllegalStateException("unexpected result " + r.toJson());
        }
    }

    private static void checkReconcile(PullResult r, long read, long deletions) {
        if (!r.isCompleted() || r.recordsPulled() != read || r.deletions().orElseThrow() != deletions) {
            throw new IllegalStateException("unexpected result " + r.toJson());
        }
    }

    /** @return the process's peak resident set (VmHWM), or -1 where /proc does not tell */
    private static long peakResidentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Discards records, counts deletions. */
    static final class CountingSink implements RecordSink {
        final AtomicLong deletions = new AtomicLong();

        @Override
        public void write(PullInfo pull, List<IngestRecord> batch) {
        }

        @Override
        public void commit(PullInfo pull) {
        }

        @Override
        public boolean supportsDeletes() {
            return true;
        }

        @Override
        public void delete(PullInfo pull, String vertical, String entityType, List<String> sourceIds) {
            deletions.addAndGet(sourceIds.size());
        }
    }

    /**
     * Connector type {@code keys}: query {@code rows} gives {@code ids} product rows
     * ({@code id, name, price, stock, updated_at}); query {@code keys} gives their ids alone, less every
     * {@link #skipEvery}-th (none when 0, all when 1).
     */
    static final class KeysProvider implements ConnectorProvider {
        static volatile long skipEvery;

        @Override
        public String connectorType() {
            return "keys";
        }

        @Override
        public void validate(ConnectorConfig config, String query) {
            config.getLong("ids", 0);
        }

        @Override
        public RecordSource open(PullContext context) {
            long ids = context.config().getLong("ids", 0);
            boolean keys = context.query().equals("keys");
            long skip = keys ? skipEvery : 0;
            return new RecordSource() {
                private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
                private long next = advance(1);

                private long advance(long from) {
                    long id = from;
                    while (skip != 0 && id <= ids && id % skip == 0) {
                        id++;
                    }
                    return id;
                }

                @Override
                public boolean hasNext() {
                    return next <= ids;
                }

                @Override
                public Map<String, Object> next() {
                    long id = next;
                    next = advance(id + 1);
                    Map<String, Object> row = new LinkedHashMap<>(8);
                    row.put("id", id);
                    if (!keys) {
                        row.put("name", "Product " + id);
                        row.put("price", BigDecimal.valueOf(id % 100_000, 2));
                        row.put("stock", id % 500);
                        row.put("updated_at", BASE.plusSeconds(id));
                    }
                    return row;
                }

                @Override
                public void close() {
                    next = ids + 1;
                }
            };
        }
    }
}
