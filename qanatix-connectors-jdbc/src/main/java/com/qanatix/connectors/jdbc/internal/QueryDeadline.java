package com.qanatix.connectors.jdbc.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Ends a query that runs past {@code query_timeout_seconds}, wherever its rows have got to. The
 * drivers' own {@code Statement.setQueryTimeout} covers {@code executeQuery} only: pgjdbc's later
 * cursor fetches and Connector/J's streamed rows run without it, so a pull whose first rows came in
 * time could run on for hours. When the deadline passes, {@link #expired()} turns true and the stop
 * action (cancel the query on the server, drop the connection) runs on a thread of its own; the
 * thread reading the rows then fails, and reports {@link #message()}.
 *
 * <p>All deadlines share one daemon timer thread, which ends when no deadline is pending; a
 * cancelled deadline leaves the timer at once.
 */
final class QueryDeadline {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Duration timeout;
    private final ScheduledFuture<?> task;
    private volatile boolean expired;

    private QueryDeadline(Duration timeout, Runnable stop) {
        this.timeout = timeout;
        this.task = TIMER.schedule(() -> {
            expired = true;
            Thread stopper = new Thread(stop, "qanatix-jdbc-query-deadline");
            stopper.setDaemon(true);
            stopper.start(); // the stop may wait for the server: never on the shared timer
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @param timeout how long the query may run, from now
     * @param stop what ends it (called once, on a thread of its own, if the deadline passes)
     * @return the running deadline
     */
    static QueryDeadline start(Duration timeout, Runnable stop) {
        requireNonNull(timeout, "timeout is null");
        requireNonNull(stop, "stop is null");
        return new QueryDeadline(timeout, stop);
    }

    /** @return whether the deadline passed (and the query was, or is being, stopped) */
    boolean expired() {
        return expired;
    }

    /** The query ended in time (or otherwise): the deadline will not fire. Idempotent. */
    void cancel() {
        task.cancel(false);
    }

    /** @return what a pull stopped by this deadline reports */
    String message() {
        return "the query ran past query_timeout_seconds (" + timeout.toSeconds() + " s) and was stopped: raise "
                + "query_timeout_seconds in connection_config, or narrow the query";
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "qanatix-jdbc-query-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        // The last thread stays while a deadline is pending (ThreadPoolExecutor keeps one worker for a
        // non-empty queue), and goes once the library is idle.
        timer.setKeepAliveTime(30, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }
}
