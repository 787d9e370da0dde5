package com.qanatix.core;

import static java.util.Objects.requireNonNull;

/**
 * What QANATIX answered to one ingest request of a {@link QanatixIngestSink}: a batch, or a part of
 * one when the batch was above the limits of a request.
 *
 * @param ingestionId the server's {@code ingestion_id}, empty if it gave none
 * @param status the server's {@code status}, empty if it gave none
 * @param recordCount the server's {@code record_count}, -1 if it gave none
 * @param duplicateCount the server's {@code duplicate_count}, -1 if it gave none
 * @param recordsSent records in the request
 */
public record IngestReceipt(String ingestionId, String status, long recordCount, long duplicateCount,
                            int recordsSent) {
    /**
     * Checks that no field is null.
     *
     * @param ingestionId the server's {@code ingestion_id}, empty if it gave none
     * @param status the server's {@code status}, empty if it gave none
     * @param recordCount the server's {@code record_count}, -1 if it gave none
     * @param duplicateCount the server's {@code duplicate_count}, -1 if it gave none
     * @param recordsSent records in the request
     */
    public IngestReceipt {
        requireNonNull(ingestionId, "ingestionId is null");
        requireNonNull(status, "status is null");
    }
}
