package com.qanatix.core;

import com.qanatix.core.internal.ConnectorJson;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a pull, as the QANATIX API returns it:
 * {@code {"status","records_pulled","records_ingested","duplicates_skipped","duration_seconds"}}
 * plus {@code "error"} when the pull failed.
 *
 * @param status how the pull ended
 * @param recordsPulled rows read from the source
 * @param recordsIngested records handed to the sink (pulled minus duplicates), committed only when
 *     {@code status} is completed
 * @param duplicatesSkipped records skipped because their content was already ingested
 * @param durationSeconds wall time of the pull
 * @param error why the pull failed, redacted; empty unless failed
 */
public record PullResult(PullStatus status, long recordsPulled, long recordsIngested, long duplicatesSkipped,
                         double durationSeconds, Optional<String> error) {

    /**

     * Checks the fields.

     *

     * @param status how the pull ended

     * @param recordsPulled rows read from the source

     * @param recordsIngested records handed to the sink (pulled minus duplicates), committed only when {@code status} is completed

     * @param duplicatesSkipped records skipped because their content was already ingested

     * @param durationSeconds wall time of the pull

     * @param error why the pull failed, redacted; empty unless failed

     */

    public PullResult {
        requireNonNull(status, "status is null");
        requireNonNull(error, "error is null");
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
