package com.qanatix.core.internal;

import com.qanatix.core.spi.InvalidConfigException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The values a watermark column may hold, how they compare, and how stores write them as text
 * ({@code type:value}).
 */
public final class WatermarkValues {
    /** About 9,500 years: any longer lookback reaches back as far. */
    private static final long LOOKBACK_SECONDS_MAX = 300_000_000_000L;

    private WatermarkValues() {
    }

    /**
     * Parses {@code watermark_start}: an integer, a decimal, or an ISO-8601 instant.
     *
     * @param text the configured start
     * @return a {@code Long}, {@code BigDecimal} or {@code Instant}
     */
    public static Object parseStart(String text) {
        String t = text.trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            // not an integer
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            // not a decimal
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidConfigException("watermark_start must be an integer, a decimal or an ISO-8601 "
                    + "timestamp with offset (e.g. 2024-01-01T00:00:00Z), was '" + text + "'");
        }
    }

    /**
     * @param value a column value
     * @return whether it can serve as a watermark
     */
    public static boolean isSupported(Object value) {
        return value instanceof Long || value instanceof BigDecimal || value instanceof Instant
                || value instanceof LocalDateTime || value instanceof LocalDate || value instanceof String
                || value instanceof Double;
    }

    /**
     * Compares two watermark values of compatible types (numbers with numbers).
     *
     * @param a a value
     * @param b another
     * @return negative, zero or positive
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        if (a.getClass() == b.getClass()) {
            return ((Comparable) a).compareTo(b);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return toBigDecimal(x).compareTo(toBigDecimal(y));
        }
        throw new IllegalArgumentException("watermark values of different types: "
                + a.getClass().getSimpleName() + " and " + b.getClass().getSimpleName());
    }

    /**
     * Whether a value is at or below a boundary, for counting late rows: false when they cannot be
     * compared (different kinds of values, a string) rather than an error.
     *
     * @param value a row's watermark column value, not null
     * @param boundary the previous pull's watermark column value
     * @return whether {@code value <= boundary}
     */
    public static boolean atOrBelow(Object value, Object boundary) {
        if (value instanceof String || boundary instanceof String) {
            return false;
        }
        if (value.getClass() != boundary.getClass()
                && !(value instanceof Number && boundary instanceof Number)) {
            return false;
        }
        return compare(value, boundary) <= 0;
    }

    /**
     * The next pull's {@code :last_pull} for a watermark column: the stored value minus the lookback.
     * Temporal values go back {@code lookbackSeconds} (a date whole days, rounded up); numbers go back
     * {@code numericLookback}; strings cannot go back and are returned as they are.
     *
     * @param value the stored watermark column value
     * @param lookback the temporal lookback in seconds, not negative
     * @param numericLookback the numeric lookback in the column's units, not negative
     * @return the value to bind
     */
    public static Object minusLookback(Object value, long lookback, BigDecimal numericLookback) {
        long lookbackSeconds = Math.min(lookback, LOOKBACK_SECONDS_MAX);
        // Temporal values never go back past 1970-01-01 (the first pull's :last_pull), unless they
        // already lie before it: a lookback of "everything" must still bind a value the server takes.
        if (value instanceof Instant i) {
            return i.isAfter(Instant.EPOCH.plusSeconds(lookbackSeconds)) ? i.minusSeconds(lookbackSeconds)
                    : i.isAfter(Instant.EPOCH) ? Instant.EPOCH : i;
        } else if (value instanceof LocalDateTime t) {
            LocalDateTime epoch = LocalDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC);
            return t.isAfter(epoch.plusSeconds(lookbackSeconds)) ? t.minusSeconds(lookbackSeconds)
                    : t.isAfter(epoch) ? epoch : t;
        } else if (value instanceof LocalDate d) {
            long days = -Math.floorDiv(-lookbackSeconds, 86_400L);
            LocalDate epoch = LocalDate.EPOCH;
            return d.toEpochDay() - days > 0 ? d.minusDays(days) : d.isAfter(epoch) ? epoch : d;
        }
        if (numericLookback.signum() == 0) {
            return value;
        }
        if (value instanceof Long l) {
            // Whole units, rounded down: going back further re-reads a row, never skips one.
            BigDecimal back = BigDecimal.valueOf(l).subtract(numericLookback).setScale(0, RoundingMode.FLOOR);
            return back.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0 ? Long.MIN_VALUE : back.longValueExact();
        } else if (value instanceof BigDecimal d) {
            return d.subtract(numericLookback);
        } else if (value instanceof Double x) {
            return x - numericLookback.doubleValue();
        }
        return value;
    }

    /**
     * Caps a temporal watermark column value by the instant the source says the next pull must
     * re-read from ({@code RecordSource.watermarkStart()}). Columns without a zone
     * ({@code LocalDateTime}, {@code LocalDate}) are taken as UTC. Other values are returned as
     * they are.
     *
     * @param value the largest value a pull saw
     * @param cap the source's instant
     * @return the smaller of the two, as the column's type
     */
    public static Object capAt(Object value, Instant cap) {
        if (value instanceof Instant i) {
            return i.isAfter(cap) ? cap : i;
        } else if (value instanceof LocalDateTime t) {
            LocalDateTime c = LocalDateTime.ofInstant(cap, ZoneOffset.UTC);
            return t.isAfter(c) ? c : t;
        } else if (value instanceof LocalDate d) {
            LocalDate c = LocalDate.ofInstant(cap, ZoneOffset.UTC);
            return d.isAfter(c) ? c : d;
        }
        return value;
    }

    private static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof Long || n instanceof Integer) {
            return BigDecimal.valueOf(n.longValue());
        }
        return BigDecimal.valueOf(n.doubleValue());
    }

    /**
     * @param value a supported value
     * @return its stored text form
     */
    public static String encode(Object value) {
        if (value instanceof Long) {
            return "long:" + value;
        } else if (value instanceof BigDecimal d) {
            return "decimal:" + d.toPlainString();
        } else if (value instanceof Double) {
            return "double:" + value;
        } else if (value instanceof Instant) {
            return "instant:" + value;
        } else if (value instanceof LocalDateTime) {
            return "local_date_time:" + value;
        } else if (value instanceof LocalDate) {
            return "local_date:" + value;
        } else if (value instanceof String) {
            return "string:" + value;
        }
        throw new IllegalArgumentException("unsupported watermark type " + value.getClass().getName());
    }

    /**
     * @param text a stored text form
     * @return the value
     */
    public static Object decode(String text) {
        int colon = text.indexOf(':');
        String type = text.substring(0, colon);
        String v = text.substring(colon + 1);
        return switch (type) {
            case "long" -> Long.parseLong(v);
            case "decimal" -> new BigDecimal(v);
            case "double" -> Double.parseDouble(v);
            case "instant" -> Instant.parse(v);
            case "local_date_time" -> LocalDateTime.parse(v);
            case "local_date" -> LocalDate.parse(v);
            case "string" -> v;
            default -> throw new IllegalArgumentException("unknown watermark type '" + type + "'");
        };
    }
}
