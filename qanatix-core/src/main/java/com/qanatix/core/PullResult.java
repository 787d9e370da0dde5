package com.qanatix.core;

import com.qanatix.core.internal.ConnectorJson;

import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a pull, as the QANATIX API returns it:
 * {@code {"status","records_pulled","records_ingested","duplicates_skipped","duration_seconds"}}
 * plus {@code "error"} when the pull failed. A reconciliation ({@code Qanatix.reconcile}) also has
 * {@code "deletions"}: the source ids it reported to the sink as deleted, or, when
 * {@link PullStatus#REFUSED refused}, the number it would have reported; its {@code records_pulled}
 * counts the ids its keys query read.
 *
 * @param status how the pull ended
 * @param recordsPulled rows read from the source
 * @param recordsIngested records handed to the sink (pulled minus duplicates), committed only when
 *     {@code status} is completed
 * @param duplicatesSkipped records skipped because their content was already ingested
 * @param durationSeconds wall time of the pull
 * @param error why the pull failed, redacted; empty unless failed
 * @param deletions for a reconciliation, the source ids reported as deleted (or that a refused one
 *     would have reported); empty for a pull
 */
public record PullResult(PullStatus status, long recordsPulled, long recordsIngested, long duplicatesSkipped,
                         double durationSeconds, Optional<String> error, OptionalLong deletions) {

    /**

     * Checks the fields.

     *

     * @param status how the pull ended

     * @param recordsPulled rows read from the source

     * @param recordsIngested records handed to the sink (pulled minus duplicates), committed only when {@code status} is completed

     * @param duplicatesSkipped records skipped because their content was already ingested

     * @param durationSeconds wall time of the pull

     * @param error why the pull failed, redacted; empty unless failed

     * @param deletions for a reconciliation, the source ids reported as deleted; empty for a pull

     */

    public PullResult {
        requireNonNull(status, "status is null");
        requireNonNull(error, "error is null");
        requireNonNull(deletions, "deletions is null");
    }

    /**
     * The result of a pull (no deletions field).
     *
     * @param status how the pull ended
     * @param recordsPulled rows read from the source
     * @param recordsIngested records handed to the sink
     * @param duplicatesSkipped records skipped because their content was already ingested
     * @param durationSeconds wall time of the pull
     * @param error why the pull failed, redacted; empty unless failed
     */
    public PullResult(PullStatus status, long recordsPulled, long recordsIngested, long duplicatesSkipped,
                      double durationSeconds, Optional<String> error) {
        this(status, recordsPulled, recordsIngested, duplicatesSkipped, durationSeconds, error, OptionalLong.empty());
    }

    /** @return a result for a pull refused because another pull of the connector is running */
    public static PullResult alreadyRunning() {
        return new PullResult(PullStatus.ALREADY_RUNNING, 0, 0, 0, 0.0, Optional.empty());
    }

    /** @return whether the pull completed */
    public boolean isCompleted() {
        return status == PullStatus.COMPLETED;
    }

    /** @return the QANATIX JSON shape */
    public String toJson() {
        return ConnectorJson.writeResult(this);
    }
}
