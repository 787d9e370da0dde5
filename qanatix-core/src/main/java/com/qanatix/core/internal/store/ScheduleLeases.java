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
     * is at or before {@code now} and before the store's own clock, and no lease is held that is
     * unexpired by the store's clock. A host whose clock runs ahead can thus neither run early nor
     * take a lease before it expired.
     *
     * @param connectorId the connector
     * @param owner the claiming instance
     * @param dueAt the caller's idea of the due time, used when no instance has scheduled it yet
     * @param now the caller's current time
     * @param lease how long the claim lasts unless renewed, from the store's clock
     * @return whether this caller owns the run
     */
    boolean tryClaim(String connectorId, String owner, Instant dueAt, Instant now, java.time.Duration lease);

    /**
     * Extends the lease of a run in progress.
     *
     * @param connectorId the connector
     * @param owner the owning instance
     * @param lease the new lease, from the store's clock
     */
    void renew(String connectorId, String owner, java.time.Duration lease);

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
