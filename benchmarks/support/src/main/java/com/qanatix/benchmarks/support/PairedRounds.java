package com.qanatix.benchmarks.support;

import com.qanatix.core.PullResult;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a benchmark that measures a connector's pull beside a plain driver loop over the
 * same data, round by round: each round's ratio of the two rates (the headline is their median: a
 * round's two sides run seconds apart, on the same machine weather), the best rate of each side,
 * the median client CPU a row of each side and their ratio, and the peak heap of each side.
 * Counted rounds alternate which side goes first ({@link #connectorFirst}).
 */
public final class PairedRounds {
    private final String label;
    private final List<Double> ratios = new ArrayList<>();
    private final List<Double> plainCpu = new ArrayList<>();
    private final List<Double> connectorCpu = new ArrayList<>();
    private double bestPlain;
    private double bestConnector;
    private long peakPlain;
    private long peakConnector;

    /** @param label what is measured, e.g. {@code MongoDB} */
    public PairedRounds(String label) {
        this.label = label;
    }

    /**
     * @param round the round, warm-up rounds at 0 and below
     * @return whether the connector's side runs first: in every second counted round
     */
    public static boolean connectorFirst(int round) {
        return round > 0 && round % 2 == 0;
    }

    /** A connector's pull, measured by its own duration. */
    @FunctionalInterface
    public interface Pull {
        /**
         * @return the pull's result
         * @throws Exception from the pull
         */
        PullResult run() throws Exception;
    }

    /**
     * Runs one round's two sides in the round's order ({@link #connectorFirst}), checks that each
     * read every row (the pull ingested every one: a first pull), and counts the round.
     *
     * @param round the round; at 0 and below a warm-up, printed and not counted
     * @param rows the rows each side must read
     * @param plainSide the plain driver loop, returning the rows it read
     * @param connectorSide the connector's pull
     * @throws Exception from either side
     */
    public void run(int round, long rows, TimedRun.Work plainSide, Pull connectorSide) throws Exception {
        PullResult[] pulled = new PullResult[1];
        TimedRun.Work connectorWork = () -> {
            pulled[0] = connectorSide.run();
            return pulled[0].recordsPulled();
        };
        TimedRun plain;
        TimedRun connector;
        if (connectorFirst(round)) {
            connector = TimedRun.of(connectorWork);
            plain = TimedRun.of(plainSide);
        } else {
            plain = TimedRun.of(plainSide);
            connector = TimedRun.of(connectorWork);
        }
        PullResult result = pulled[0];
        if (plain.rows() != rows || result.recordsIngested() != rows) {
            throw new IllegalStateException("expected " + rows + " rows, the plain loop read " + plain.rows()
                    + ", the pull " + result.toJson());
        }
        add(round, rows, plain, connector, result.recordsPulled() / result.durationSeconds());
    }

    /**
     * Counts one round and prints its line.
     *
     * @param round the round; at 0 and below a warm-up, printed and not counted
     * @param rows rows each side read
     * @param plain the plain loop's run
     * @param connector the connector's run
     * @param connectorRate the connector's rows a second (its pull's own duration, or the run's)
     */
    private void add(int round, long rows, TimedRun plain, TimedRun connector, double connectorRate) {
        double plainRate = plain.rowsPerSecond();
        double ratio = connectorRate / plainRate;
        System.out.printf(Locale.ROOT, "%s %s: plain %,.0f rows/s, connector %,.0f rows/s (%.0f%%); client CPU a row: "
                        + "plain %.0f ns, connector %.0f ns (%.2fx); plain %s, connector %s%n", label,
                round <= 0 ? "warm-up" : "round " + round + (connectorFirst(round) ? " (connector first)" : " (plain first)"),
                plainRate, connectorRate, 100 * ratio, plain.cpuNanosPerRow(rows), connector.cpuNanosPerRow(rows),
                connector.cpuNanos() / (double) plain.cpuNanos(), plain.gc(), connector.gc());
        if (round <= 0) {
            return;
        }
        ratios.add(ratio);
        plainCpu.add(plain.cpuNanosPerRow(rows));
        connectorCpu.add(connector.cpuNanosPerRow(rows));
        bestPlain = Math.max(bestPlain, plainRate);
        bestConnector = Math.max(bestConnector, connectorRate);
        peakPlain = Math.max(peakPlain, plain.peakHeapBytes());
        peakConnector = Math.max(peakConnector, connector.peakHeapBytes());
    }

    /** Prints the summary of the counted rounds. */
    public void printSummary() {
        if (ratios.isEmpty()) {
            return;
        }
        double cpuPlain = median(plainCpu);
        double cpuConnector = median(connectorCpu);
        System.out.printf(Locale.ROOT, "%s, %d rounds: median of the rounds' ratios %.0f%% (%.0f-%.0f%%); best: plain "
                        + "%,.0f rows/s, connector %,.0f rows/s; client CPU a row, median: plain %.0f ns, connector "
                        + "%.0f ns (%.2fx); peak heap used: plain %d MB, connector %d MB%n", label, ratios.size(),
                100 * median(ratios), 100 * Collections.min(ratios), 100 * Collections.max(ratios), bestPlain,
                bestConnector, cpuPlain, cpuConnector, cpuConnector / cpuPlain, peakPlain >> 20, peakConnector >> 20);
    }

    /**
     * @param values some values
     * @return their median (the mean of the middle two for an even count)
     */
    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
