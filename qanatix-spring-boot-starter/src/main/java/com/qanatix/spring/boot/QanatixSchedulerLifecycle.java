package com.qanatix.spring.boot;

import com.qanatix.core.Qanatix;
import org.springframework.context.SmartLifecycle;

import static java.util.Objects.requireNonNull;

/**
 * Ties the scheduler to the application context: it starts when the context has refreshed (every
 * singleton, the sink included, is ready) and stops first when the context closes, giving running
 * pulls {@code qanatix.scheduler.grace-period} to finish; those still running then fail and commit
 * nothing, so their rows come again on the next pull. Stopping closes the {@link Qanatix} instance:
 * a stopped context is not started again.
 */
public final class QanatixSchedulerLifecycle implements SmartLifecycle {
    /** Started after, and stopped before, lifecycle beans of the default phase (web servers among them). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private final Qanatix qanatix;
    private volatile boolean running;

    /** @param qanatix the instance whose scheduler this runs */
    public QanatixSchedulerLifecycle(Qanatix qanatix) {
        this.qanatix = requireNonNull(qanatix, "qanatix is null");
    }

    @Override
    public void start() {
        qanatix.startScheduler();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        qanatix.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
