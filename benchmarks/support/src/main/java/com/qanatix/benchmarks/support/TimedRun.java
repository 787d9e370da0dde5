package com.qanatix.benchmarks.support;

/**
 * One measured run of one side of a benchmark: its rows, wall time, this JVM's CPU (all threads),
 * the collections that ran and the largest heap use seen.
 *
 * @param rows rows the work reported
 * @param seconds wall time
 * @param cpuNanos CPU time of this process
 * @param gc collections during the run
 * @param peakHeapBytes largest heap use seen
 */
public record TimedRun(long rows, double seconds, long cpuNanos, GcActivity gc, long peakHeapBytes) {

    /** Work that reports how many rows it handled. */
    @FunctionalInterface
    public interface Work {
        /**
         * @return the rows handled
         * @throws Exception from the work
         */
        long run() throws Exception;
    }

    /**
     * @param work the work to measure
     * @return what it measured
     * @throws Exception from the work
     */
    public static TimedRun of(Work work) throws Exception {
        PeakHeap heap = PeakHeap.start();
        GcActivity gc0 = GcActivity.now();
        long t0 = System.nanoTime();
        long cpu0 = ProcessCpu.nanos();
        long rows = work.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long cpu = ProcessCpu.nanos() - cpu0;
        GcActivity gc = GcActivity.now().since(gc0);
        return new TimedRun(rows, seconds, cpu, gc, heap.stop());
    }

    /** @return rows a second of wall time */
    public double rowsPerSecond() {
        return rows / seconds;
    }

    /**
     * @param perRows the row count to share the CPU time over
     * @return CPU nanoseconds a row
     */
    public double cpuNanosPerRow(long perRows) {
        return cpuNanos / (double) perRows;
    }
}
