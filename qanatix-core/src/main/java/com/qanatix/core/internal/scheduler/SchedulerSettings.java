package com.qanatix.core.internal.scheduler;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How the scheduler runs.
 *
 * @param instanceId this host instance's name in leases
 * @param workers pulls that may run at once
 * @param tick how often due connectors are looked for
 * @param refresh how often the store is re-read for connectors created or changed elsewhere
 * @param lease how long a claimed run stays owned without renewal
 * @param grace how long running pulls may finish on shutdown before their sources are closed
 * @param backoffBase the first retry delay after a failure
 * @param backoffCap the longest retry delay
 */
public record SchedulerSettings(String instanceId, int workers, Duration tick, Duration refresh, Duration lease,
                                Duration grace, Duration backoffBase, Duration backoffCap) {
    /**
     * Checks the values.
     *
     * @param instanceId this host instance's name in leases
     * @param workers pulls that may run at once
     * @param tick how often due connectors are looked for
     * @param refresh how often the store is re-read for connectors created or changed elsewhere
     * @param lease how long a claimed run stays owned without renewal
     * @param grace how long running pulls may finish on shutdown before their sources are closed
     * @param backoffBase the first retry delay after a failure
     * @param backoffCap the longest retry delay
     */
    public SchedulerSettings {
        requireNonNull(instanceId, "instanceId is null");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive");
        }
        for (Duration d : new Duration[] {tick, refresh, lease, grace, backoffBase, backoffCap}) {
            requireNonNull(d, "durations must not be null");
            if (d.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative");
            }
        }
    }
}
