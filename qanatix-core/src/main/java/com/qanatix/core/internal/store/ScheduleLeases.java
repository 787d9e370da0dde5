package com.qanatix.core.internal.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Coordinates scheduled pulls between host instances that share one store: each due run of a
 * connector is claimed by exactly one instance, under a lease that expires, so that the
 * connectors of an instance that dies mid-pull are taken over by another after the lease.
 * {@link com.qanatix.core.ConnectorStore#jdbc(javax.sql.DataSource)} provides it with the database's row locks;
 * stores without it coordinate only the pulls of one process.
 */
public interface ScheduleLeases {

    /**
     * Claims the run of a connector that is due: succeeds for one caller when the shared next-run time
     * is at or before {@code now} and no unexpired lease is held.
     *
     * @param connectorId the connector
     * @param owner the claiming instance
     * @param dueAt the caller's idea of the due time, used when no instance has scheduled it yet
     * @param now the current time
     * @param leaseUntil when the claim expires unless renewed
     * @return whether this caller owns the run
     */
    boolean tryClaim(String connectorId, String owner, Instant dueAt, Instant now, Instant leaseUntil);

    /**
     * Extends the lease of a run in progress.
     *
     * @param connectorId the connector
     * @param owner the owning instance
     * @param leaseUntil the new expiry
     */
    void renew(String connectorId, String owner, Instant leaseUntil);

    /**
     * Ends a run: records when the connector is next due and frees the lease, if still owned.
     *
     * @param connectorId the connector
     * @param owner the owning instance
     * @param nextRunAt the next due time
     */
    void release(String connectorId, String owner, Instant nextRunAt);

    /**
     * @param connectorId the connector
     * @return the shared next-run time, once some instance ran it
     */
    Optional<Instant> nextRunAt(String connectorId);
}
