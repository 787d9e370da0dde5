package com.qanatix.benchmarks.sinks;

import com.qanatix.core.JsonLinesSink;
import com.qanatix.core.PullInfo;
import com.qanatix.core.IngestRecord;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * {@link JsonLinesSink} writing N product records (batches of 5000) to a file, beside the same
 * records into {@link OutputStream#nullOutputStream()}, in one JVM. Each round runs both sides,
 * alternating which goes first, and reports the round's ratio; the file side's time includes the
 * commit, which forces the file to disk, and that commit's share is printed. Only the sink's calls
 * are timed: the records of each batch are built before it. The CPU time and the bytes allocated by
 * the calling thread in the sink's calls are printed a record (the sink's own file-forcing thread,
 * which mostly waits for the disk, is not in them).
 *
 * <p>Run: {@code benchmarks/run.sh benchmarks/sinks com.qanatix.benchmarks.sinks.NdjsonSinkBenchmark -Xmx128m -- --records 1000000}
 */
public final class NdjsonSinkBenchmark {
    private NdjsonSinkBenchmark() {
    }

    /**
     * @param args {@code --records N} (default 1,000,000), {@code --rounds R} (default 5, after one
     *     warm-up round), {@code --dir D} (where the file goes; default the temporary directory)
     * @throws Exception if the file cannot be written
     */
    public static void main(String[] args) throws Exception {
        int records = 1_000_000;
        int rounds = 5;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("NDJSON sink benchmark: %,d product records, batches of 5000, file in %s, max heap %d MB, %s%n",
                records, dir, Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.version"));
        List<Double> ratios = new ArrayList<>();
        List<Double> writeRatios = new ArrayList<>();
        List<Double> nullCpu = new ArrayList<>();
        List<Double> fileCpu = new ArrayList<>();
        double bestNull = 0;
        double bestFile = 0;
        for (int round = 0; round <= rounds; round++) {
            boolean fileFirst = round % 2 == 1;
            Side nullSide;
            Side fileSide;
            if (fileFirst) {
                fileSide = toFile(records, dir);
                nullSide = toNull(records);
            } else {
                nullSide = toNull(records);
                fileSide = toFile(records, dir);
            }
            double nullRate = records / nullSide.seconds();
            double fileRate = records / fileSide.seconds();
            double fileWriteRate = records / (fileSide.seconds() - fileSide.commitSeconds());
            System.out.printf("%s: null stream %,.0f rec/s; file %,.0f rec/s (%.0f%%; %,d bytes, commit with force "
                            + "%.3f s of %.3f s; without the commit %,.0f rec/s, %.0f%%); a record: CPU null %d ns, "
                            + "file %d ns, allocated %d / %d bytes%n",
                    round == 0 ? "warm-up" : "round " + round + (fileFirst ? " (file first)" : " (null first)"),
                    nullRate, fileRate, 100 * fileRate / nullRate, fileSide.bytes(), fileSide.commitSeconds(),
                    fileSide.seconds(), fileWriteRate, 100 * fileWriteRate / nullRate, nullSide.cpuNanos() / records,
                    fileSide.cpuNanos() / records, nullSide.allocated() / records, fileSide.allocated() / records);
            if (round == 0) {
                continue;
            }
            ratios.add(fileRate / nullRate);
            writeRatios.add(fileWriteRate / nullRate);
            nullCpu.add((double) nullSide.cpuNanos() / records);
            fileCpu.add((double) fileSide.cpuNanos() / records);
            bestNull = Math.max(bestNull, nullRate);
            bestFile = Math.max(bestFile, fileRate);
        }
        System.out.printf("best of %d: null stream %,.0f rec/s, file %,.0f rec/s; median of the rounds' ratios: "
                        + "file / null %.2f (%.2f-%.2f), without the commit's force %.2f; CPU a record, median: null %.0f ns, "
                        + "file %.0f ns%n", rounds, bestNull, bestFile,
                median(ratios), Collections.min(ratios), Collections.max(ratios), median(writeRatios), median(nullCpu),
                median(fileCpu));
    }

    /**
     * @param seconds sink calls @param commitSeconds the commit's share @param bytes output size
     * @param cpuNanos the calling thread's CPU time in the sink calls @param allocated bytes it allocated there
     */
    private record Side(double seconds, double commitSeconds, long bytes, long cpuNanos, long allocated) {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    private static Side toNull(int records) {
        JsonLinesSink sink = new JsonLinesSink(OutputStream.nullOutputStream());
        return run(sink, records, 0);
    }

    private static Side toFile(int records, Path dir) throws Exception {
        Path file = Files.createTempFile(dir, "qanatix-ndjson-bench", ".ndjson");
        try {
            Side side;
            try (JsonLinesSink sink = new JsonLinesSink(file)) {
                side = run(sink, records, 0);
            }
            return new Side(side.seconds(), side.commitSeconds(), Files.size(file), side.cpuNanos(), side.allocated());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Side run(JsonLinesSink sink, int records, long bytes) {
        PullInfo pull = new PullInfo(UUID.randomUUID(), "bench", "bench", Instant.now());
        long nanos = 0;
        long cpu = 0;
        long allocated = 0;
        for (long from = 1; from <= records; from += 5000) {
            List<IngestRecord> batch = ProductRecords.batch(from, (int) Math.min(5000, records - from + 1));
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long allocated0 = THREADS.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            sink.write(pull, batch);
            nanos += System.nanoTime() - t0;
            allocated += THREADS.getCurrentThreadAllocatedBytes() - allocated0;
            cpu += THREADS.getCurrentThreadCpuTime() - cpu0;
        }
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        sink.commit(pull);
        long commit = System.nanoTime() - t0;
        cpu += THREADS.getCurrentThreadCpuTime() - cpu0;
        return new Side((nanos + commit) / 1e9, commit / 1e9, bytes, cpu, allocated);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
