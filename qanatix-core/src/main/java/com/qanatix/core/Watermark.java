package com.qanatix.core;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What the last successful pull of a connector left behind, to compute the next {@code :last_pull}.
 *
 * @param lastPullStartedAt when the last successful pull started
 * @param columnValue the largest {@code watermark_column} value that pull saw: an {@code Instant},
 *     {@code LocalDateTime}, {@code LocalDate}, {@code Long}, {@code BigDecimal} or {@code String};
 *     empty when the connector uses no watermark column or the pull saw no rows
 */
public record Watermark(Instant lastPullStartedAt, Optional<Object> columnValue) {
    /**
     * Checks the fields.
     *
     * @param lastPullStartedAt when the last successful pull started
     * @param columnValue the largest {@code watermark_column} value that pull saw: an {@code Instant}, {@code LocalDateTime}, {@code LocalDate}, {@code Long}, {@code BigDecimal} or {@code String}; empty when the connector uses no watermark column or the pull saw no rows
     */
    public Watermark {
        requireNonNull(lastPullStartedAt, "lastPullStartedAt is null");
        requireNonNull(columnValue, "columnValue is null");
    }
}
