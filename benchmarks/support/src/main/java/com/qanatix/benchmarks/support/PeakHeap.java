package com.qanatix.benchmarks.support;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Samples the heap in use every 5 ms on a daemon thread and keeps the maximum. */
public final class PeakHeap implements Runnable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private volatile boolean running = true;
    private volatile long peak;
    private Thread thread;

    private PeakHeap() {
    }

    /** @return a sampler, already running */
    public static PeakHeap start() {
        PeakHeap p = new PeakHeap();
        p.thread = new Thread(p, "peak-heap");
        p.thread.setDaemon(true);
        p.thread.start();
        return p;
    }

    @Override
    public void run() {
        while (running) {
            peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * @return the largest heap use seen, in bytes
     * @throws InterruptedException when interrupted while stopping the sampler
     */
    public long stop() throws InterruptedException {
        running = false;
        thread.join();
        return peak;
    }
}
