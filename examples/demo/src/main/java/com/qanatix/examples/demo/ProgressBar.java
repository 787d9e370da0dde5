package com.qanatix.examples.demo;

import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;

import java.io.PrintStream;

/**
 * Draws a progress bar for a pull that takes longer than a second, from the
 * {@link PullListener#progress} events the core sends after each batch. A short pull draws nothing.
 */
final class ProgressBar implements PullListener {
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final long expectedRows;
    private long startedAt;
    private long drawnAt;
    private boolean drawn;

    /**
     * @param out where to draw
     * @param expectedRows how many rows the pull should read, for the percentage
     */
    ProgressBar(PrintStream out, long expectedRows) {
        this.out = out;
        this.expectedRows = Math.max(1, expectedRows);
    }

    @Override
    public void pullStarted(PullInfo pull) {
        startedAt = System.nanoTime();
    }

    @Override
    public void progress(PullInfo pull, long recordsPulled, long recordsIngested, long batchesWritten) {
        long now = System.nanoTime();
        if (now - startedAt < SHOW_AFTER_NANOS || (drawn && now - drawnAt < REDRAW_NANOS)) {
            return;
        }
        draw(recordsPulled, now);
    }

    @Override
    public void pullFinished(PullInfo pull, PullResult result) {
        if (drawn) {
            draw(result.recordsPulled(), System.nanoTime());
            out.println();
        }
    }

    private void draw(long rows, long now) {
        double seconds = Math.max(1e-9, (now - startedAt) / 1e9);
        if (rows > expectedRows) {
            // More rows than this step of the demo expects (a database changed by someone else, or an
            // earlier pull that failed): show the count, not a total the pull has already passed.
            out.printf("\r   %,d rows (%,d expected)  %,.0f rows/s ", rows, expectedRows, rows / seconds);
            out.flush();
            drawn = true;
            drawnAt = now;
            return;
        }
        double fraction = (double) rows / expectedRows;
        int filled = (int) Math.round(fraction * WIDTH);
        out.printf("\r   [%s%s] %3d%%  %,d / %,d rows  %,.0f rows/s ", "#".repeat(filled), ".".repeat(WIDTH - filled),
                Math.round(fraction * 100), rows, expectedRows, rows / seconds);
        out.flush();
        drawn = true;
        drawnAt = now;
    }
}
