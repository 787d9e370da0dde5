package com.qanatix.benchmarks.support;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The collections and the time the garbage collectors report between two points of a run: what a
 * pull's allocations cost beyond the allocation itself.
 *
 * @param collections collections that ran
 * @param millis their accumulated time, as the collectors report it
 */
public record GcActivity(long collections, long millis) {
    /** @return the collections and time so far in this JVM */
    public static GcActivity now() {
        long count = 0;
        long time = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            time += Math.max(0, gc.getCollectionTime());
        }
        return new GcActivity(count, time);
    }

    /** @return what happened since {@code start} */
    public GcActivity since(GcActivity start) {
        return new GcActivity(collections - start.collections, millis - start.millis);
    }

    @Override
    public String toString() {
        return collections + " GCs, " + millis + " ms";
    }
}
