package com.qanatix.core;

import com.qanatix.core.spi.InvalidConfigException;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A connector's deletion detection, its {@code "deletes"} field: {@code Qanatix.reconcile} runs a
 * keys-only query, compares the source ids it returns with those the connector ingested, and reports
 * the missing ones to the sink as deletions.
 *
 * <p>JSON: {@code "deletes": {"query": "SELECT id FROM products", "max_fraction": 0.5}}; both optional
 * ({@code "deletes": {}} turns it on with the defaults).
 *
 * @param query the keys query, in the connector type's query language, returning the
 *     {@code source_id_column} (default {@code id}); empty: the connector's own query with
 *     {@code :last_pull} bound to its first value ({@code watermark_start}, else 1970-01-01), so
 *     that it returns every row
 * @param maxFraction the largest share of the recorded source ids one reconciliation may delete,
 *     above 0 and at most 1 (default 0.5): above it the reconciliation is refused and deletes nothing,
 *     so a keys query that returns nothing by mistake never empties the target
 */
public record DeletionDetection(Optional<String> query, double maxFraction) {
    /** The default {@link #maxFraction}: a reconciliation never deletes more than half. */
    public static final double DEFAULT_MAX_FRACTION = 0.5;

    /**
     * Checks the fields.
     *
     * @param query the keys query; empty for the connector's own query
     * @param maxFraction the largest share of recorded ids one reconciliation may delete
     * @throws InvalidConfigException when the query is blank or the fraction is not in (0, 1]
     */
    public DeletionDetection {
        requireNonNull(query, "query is null");
        if (query.isPresent() && query.get().isBlank()) {
            throw new InvalidConfigException("deletes.query is blank; leave it out to use the connector's query");
        }
        if (!(maxFraction > 0 && maxFraction <= 1)) {
            throw new InvalidConfigException("deletes.max_fraction must be above 0 and at most 1, was " + maxFraction);
        }
    }

    /** @return deletion detection with the connector's own query and the default guard */
    public static DeletionDetection withDefaults() {
        return new DeletionDetection(Optional.empty(), DEFAULT_MAX_FRACTION);
    }

    /**
     * @param query the keys query
     * @return deletion detection with that query and the default guard
     */
    public static DeletionDetection withQuery(String query) {
        return new DeletionDetection(Optional.of(requireNonNull(query, "query is null")), DEFAULT_MAX_FRACTION);
    }
}
