package com.qanatix.core;

import java.time.Instant;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Identifies one pull, for sinks and listeners.
 *
 * @param pullId unique id of this pull
 * @param connectorId the connector pulled
 * @param connectorName its name
 * @param startedAt when the pull started
 */
public record PullInfo(UUID pullId, String connectorId, String connectorName, Instant startedAt) {
    /**
     * Checks that no field is null.
     *
     * @param pullId unique id of this pull
     * @param connectorId the connector pulled
     * @param connectorName its name
     * @param startedAt when the pull started
     */
    public PullInfo {
        requireNonNull(pullId, "pullId is null");
        requireNonNull(connectorId, "connectorId is null");
        requireNonNull(connectorName, "connectorName is null");
        requireNonNull(startedAt, "startedAt is null");
    }
}
