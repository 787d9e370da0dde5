package com.qanatix.core;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What the last successful pull of a connector left behind, to compute the next {@code :last_pull}.
 *
 * @param lastPullStartedAt the instant the next pull re-reads from (before the lookback): when the
 *     last successful pull started, on the source's clock where the source tells it (else the
 *     host's), or the start of the oldest transaction then open on the source when that is earlier
 * @param columnValue the {@code watermark_column} value the next pull re-reads from (before the
 *     lookback): the largest value seen, or for a temporal column the instant above when the
 *     source told it and it is earlier (a transaction open at the pull's start may still commit
 *     rows stamped before it); an
 *     {@code Instant}, {@code LocalDateTime}, {@code LocalDate}, {@code Long}, {@code BigDecimal},
 *     {@code Double} or {@code String}; empty when the connector uses no watermark column or no
 *     pull has seen a row
 */
public record Watermark(Instant lastPullStartedAt, Optional<Object> columnValue) {
    /**
     * Checks the fields.
     *
     * @param lastPullStartedAt the instant the next pull re-reads from, before the lookback
     * @param columnValue the watermark column value the next pull re-reads from, before the lookback
     */
    public Watermark {
        requireNonNull(lastPullStartedAt, "lastPullStartedAt is null");
        requireNonNull(columnValue, "columnValue is null");
    }
}
