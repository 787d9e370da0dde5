package com.qanatix.benchmarks.pipeline;

import com.qanatix.benchmarks.support.DiscardingSink;
import com.qanatix.benchmarks.support.PeakHeap;
import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.internal.store.FingerprintIndex;
import com.qanatix.core.PullResult;
import com.qanatix.core.Qanatix;
import com.qanatix.core.internal.Fingerprinter;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pull pipeline alone: a synthetic source of N product rows through mapping, dedup and a sink
 * that discards, in one JVM with a capped heap. Prints records/s of a first pull (everything new)
 * and of a re-pull (everything a duplicate), and the share of the first pull's time spent in dedup
 * (hashing the source id and content and probing/updating the fingerprint index), measured by
 * repeating exactly that work over the same rows on its own.
 *
 * <p>The pulls go through the public API. Repeating dedup on its own needs the internal
 * {@code Fingerprinter} and {@code FingerprintIndex}, which a pull uses and no API exposes; the
 * harness changes with them.
 *
 * <p>Run: {@code benchmarks/run.sh benchmarks/pipeline com.qanatix.benchmarks.pipeline.PipelineBenchmark
 * -Xmx128m -- --rows 1000000}
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    /** @param args {@code --rows N} (default 1,000,000), {@code --rounds R} (default 3) */
    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rows")) {
                rows = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            }
        }
        PeakHeap peak = PeakHeap.start();
        System.out.printf("pipeline benchmark: %,d rows, batch 5000, max heap %d MB, %s%n", rows,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.version"));
        double bestFirst = 0;
        double bestRepeat = 0;
        double bestSource = 0;
        double bestDedup = 0;
        for (int round = 1; round <= rounds; round++) {
            try (ConnectorStore store = ConnectorStore.inMemory(); Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store)
                    .sink(new DiscardingSink()).discoverProviders(false).provider(new SyntheticProvider()).build()) {
                Connector c = qx.connectors().create(ConnectorSpec.builder().name("bench").connectorType("synthetic")
                        .vertical("retail").entityType("product").query("all").config("rows", rows).build());
                PullResult first = qx.pull(c.id());
                PullResult repeat = qx.pull(c.id());
                check(first, rows, rows, 0);
                check(repeat, rows, 0, rows);
                double sourceOnly = timeSourceOnly(rows);
                double dedupOnly = timeDedupOnly(rows);
                System.out.printf("round %d: first pull %,.0f rec/s (%.2f s), re-pull %,.0f rec/s (%.2f s); "
                                + "source alone %.2f s, dedup alone %.2f s = %.0f%% of the first pull%n", round,
                        rows / first.durationSeconds(), first.durationSeconds(),
                        rows / repeat.durationSeconds(), repeat.durationSeconds(), sourceOnly, dedupOnly,
                        100 * dedupOnly / first.durationSeconds());
                bestFirst = Math.max(bestFirst, rows / first.durationSeconds());
                bestRepeat = Math.max(bestRepeat, rows / repeat.durationSeconds());
                bestSource = round == 1 ? sourceOnly : Math.min(bestSource, sourceOnly);
                bestDedup = round == 1 ? dedupOnly : Math.min(bestDedup, dedupOnly);
            }
        }
        long gcs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += gc.getCollectionCount();
        }
        System.out.printf("best: first pull %,.0f rec/s, re-pull %,.0f rec/s; dedup %.0f%% of a first pull "
                        + "(%.2f s of %.2f s); peak heap used %d MB; %d GCs%n", bestFirst, bestRepeat,
                100 * bestDedup / (rows / bestFirst), bestDedup, rows / bestFirst, peak.stop() >> 20, gcs);
    }

    private static void check(PullResult r, long pulled, long ingested, long duplicates) {
        if (!r.isCompleted() || r.recordsPulled() != pulled || r.recordsIngested() != ingested
                || r.duplicatesSkipped() != duplicates) {
            throw new IllegalStateException("unexpected result " + r.toJson());
        }
    }

    /** Generating the rows alone, to see what the source costs. */
    private static double timeSourceOnly(int rows) {
        long t0 = System.nanoTime();
        long sink = 0;
        try (SyntheticSource s = new SyntheticSource(rows)) {
            while (s.hasNext()) {
                sink += s.next().size();
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Exactly the dedup work of a first pull over the same rows: both hashes, a probe of two indexes,
     * an insert. Done a batch per call, as in a pull, so the JIT compiles it the same way.
     */
    private static double timeDedupOnly(int rows) {
        List<Map<String, Object>> batch = new java.util.ArrayList<>(5000);
        Fingerprinter fingerprinter = new Fingerprinter();
        long nanos = 0;
        long checksum = 0;
        try (SyntheticSource s = new SyntheticSource(rows); FingerprintIndex committed = new FingerprintIndex();
             FingerprintIndex changes = new FingerprintIndex()) {
            while (s.hasNext()) {
                batch.clear();
                while (s.hasNext() && batch.size() < 5000) {
                    batch.add(s.next());
                }
                long t0 = System.nanoTime();
                checksum += dedupBatch(batch, fingerprinter, committed, changes);
                nanos += System.nanoTime() - t0;
            }
        }
        if (checksum == 42) {
            System.out.print("");
        }
        return nanos / 1e9;
    }

    private static long dedupBatch(List<Map<String, Object>> batch, Fingerprinter fingerprinter,
                                   FingerprintIndex committed, FingerprintIndex changes) {
        long inserted = 0;
        for (Map<String, Object> row : batch) {
            long key = fingerprinter.keyHash(row.get("id").toString());
            long fp = fingerprinter.contentHash((String) row.get("name"), row);
            long seen = changes.get(key, 0);
            if (seen == 0) {
                seen = committed.get(key, 0);
            }
            if (seen != fp) {
                changes.put(key, fp);
                inserted++;
            }
        }
        return inserted;
    }


    /** Connector type {@code synthetic}: {@code rows} product rows, generated on the fly. */
    static final class SyntheticProvider implements ConnectorProvider {
        @Override
        public String connectorType() {
            return "synthetic";
        }

        @Override
        public void validate(ConnectorConfig config, String query) {
            config.getLong("rows", 0);
        }

        @Override
        public RecordSource open(PullContext context) {
            return new SyntheticSource(context.config().getLong("rows", 0));
        }
    }

    /** Product rows like a database would return them: 7 columns, one of them a small JSON object. */
    static final class SyntheticSource implements RecordSource {
        private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
        private final long rows;
        private long next;

        SyntheticSource(long rows) {
            this.rows = rows;
        }

        @Override
        public boolean hasNext() {
            return next < rows;
        }

        @Override
        public Map<String, Object> next() {
            long id = ++next;
            Map<String, Object> attributes = new LinkedHashMap<>(4);
            attributes.put("color", (id & 1) == 0 ? "red" : "blue");
            attributes.put("weight_g", id % 1000);
            Map<String, Object> row = new LinkedHashMap<>(12);
            row.put("id", id);
            row.put("name", "Product " + id);
            row.put("sku", "SKU-" + id);
            row.put("price", BigDecimal.valueOf(id % 100_000, 2));
            row.put("stock", id % 500);
            row.put("updated_at", BASE.plusSeconds(id));
            row.put("attributes", attributes);
            return row;
        }

        @Override
        public void close() {
            next = rows;
        }
    }

}
