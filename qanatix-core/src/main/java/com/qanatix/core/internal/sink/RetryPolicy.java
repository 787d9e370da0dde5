package com.qanatix.core.internal.sink;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a request again: exponential backoff with jitter, or the server's {@code Retry-After}.
 *
 * @param maxAttempts attempts in all, the first included
 * @param initialBackoff the delay before the first retry, before jitter
 * @param maxBackoff the largest delay of the backoff, and the longest {@code Retry-After} waited for
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /**
     * The delay before attempt {@code attempt + 1}: {@code initialBackoff * 2^(attempt-1)} capped at
     * {@code maxBackoff}, then a random point in its upper half, so that clients that failed together
     * do not retry together.
     *
     * @param attempt the attempt that failed, from 1
     * @return the delay
     */
    public Duration backoff(int attempt) {
        long initial = initialBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        long exp = attempt >= 31 ? cap : Math.min(cap, initial << Math.min(attempt - 1, 30));
        long half = exp / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(exp - half + 1));
    }

    /**
     * The delay a {@code Retry-After} header asks for (delay-seconds or an HTTP date). The caller
     * compares it with {@code maxBackoff}: retrying earlier than asked would not honour it.
     *
     * @param header the header's value, if any
     * @param now the current time, for an HTTP date
     * @return the delay, or empty when there is no valid header
     */
    public Optional<Duration> retryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException notSeconds) {
            try {
                d = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        return Optional.of(d);
    }
}
