package com.qanatix.core.internal;

import com.qanatix.core.spi.InvalidConfigException;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The values a watermark column may hold, how they compare, and how stores write them as text
 * ({@code type:value}).
 */
public final class WatermarkValues {
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
