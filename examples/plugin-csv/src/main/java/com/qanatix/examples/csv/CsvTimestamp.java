package com.qanatix.examples.csv;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a CSV cell as a point in time: {@code 2024-05-01T10:00:00Z} or with an offset
 * ({@code +02:00}); without an offset ({@code 2024-05-01T10:00:00} or {@code 2024-05-01 10:00:00})
 * it is taken as UTC; a date alone ({@code 2024-05-01}) is its start, in UTC.
 */
final class CsvTimestamp {
    private CsvTimestamp() {
    }

    static Optional<Instant> parse(String cell) {
        String text = cell.strip();
        if (text.length() > 10 && text.charAt(10) == ' ') {
            text = text.substring(0, 10) + 'T' + text.substring(11);
        }
        try {
            if (text.length() == 10) {
                return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (text.endsWith("Z") || hasOffset(text)) {
                return Optional.of(OffsetDateTime.parse(text).toInstant());
            }
            return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether an ISO date-time ends with {@code +hh:mm} or {@code -hh:mm}. */
    private static boolean hasOffset(String text) {
        int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        return sign > 10;
    }
}
