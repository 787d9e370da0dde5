package com.qanatix.connectors.jdbc.internal;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * Reads timestamps from the bytes the server sent, without the drivers' general paths (pgjdbc's
 * {@code OffsetDateTime} looks each offset up in a shared cache and parses through a Calendar;
 * Connector/J's {@code DATETIME} decoding parses each field through an overflow-checked
 * {@code long} and scales the fraction with {@code Math.pow}: each was a tenth or more of a
 * reading thread's time). Text in the common form is read here: {@code 2026-03-29 01:30:00.654321}
 * (MySQL {@code DATETIME}), the same followed by an offset {@code +05:30} (PostgreSQL
 * {@code timestamptz}, printed with {@code DateStyle=ISO}, which pgjdbc sets), or PostgreSQL's
 * binary form. Anything else (PostgreSQL's {@code infinity}, a year before 1 or past 9999, MySQL's
 * zero dates, a shape not known here) yields null, so the caller asks the driver.
 */
final class TimestampText {
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L; // 2000-01-01T00:00:00Z
    /** What the last of {@code i} fraction digits is worth in nanoseconds. */
    private static final int[] NANOS_PER_DIGIT = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000,
        100, 10, 1};
    /** {@code YYYY-MM-DD HH:MM:SS}: where the fraction or the offset starts. */
    private static final int WALL_TIME_LENGTH = 19;

    private TimestampText() {
    }

    /**
     * @param text a MySQL {@code DATETIME} as text, e.g. {@code 2026-03-29 01:30:00.654321}
     * @return the date-time, or null when the text is not in the common form
     */
    static LocalDateTime localDateTime(byte[] text) {
        int end = wallTimeEnd(text);
        if (end != text.length) {
            return null;
        }
        return LocalDateTime.of(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2), digits(text, 11, 2),
                digits(text, 14, 2), digits(text, 17, 2), nanos(text, end));
    }

    /**
     * @param text a PostgreSQL {@code timestamptz} as text, e.g. {@code 2026-03-29 01:30:00.654321+05:30}
     * @return the instant, or null when the text is not in the common form
     */
    static Instant instantWithOffset(byte[] text) {
        int i = wallTimeEnd(text);
        int n = text.length;
        if (i < 0 || i + 3 > n || (text[i] != '+' && text[i] != '-')) {
            return null;
        }
        int sign = text[i] == '-' ? -1 : 1;
        int offsetHours = digits(text, i + 1, 2);
        int offsetMinutes = 0;
        int offsetSeconds = 0;
        int end = i + 3;
        if (end + 3 <= n && text[end] == ':') {
            offsetMinutes = digits(text, end + 1, 2);
            end += 3;
            if (end + 3 <= n && text[end] == ':') {
                offsetSeconds = digits(text, end + 1, 2);
                end += 3;
            }
        }
        if (end != n || offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59 || offsetSeconds < 0
                || offsetSeconds > 59) {
            return null; // " BC", or a shape this does not know: the driver decides
        }
        long offset = sign * (offsetHours * 3600L + offsetMinutes * 60L + offsetSeconds);
        return Instant.ofEpochSecond(wallEpochSecond(text) - offset, nanos(text, i));
    }

    /**
     * @param binary a PostgreSQL {@code timestamptz} in binary format: 8 bytes, big-endian
     *     microseconds since 2000-01-01 UTC
     * @return the instant, or null for {@code infinity}, {@code -infinity} or another length
     */
    static Instant instantFromPostgresBinary(byte[] binary) {
        if (binary.length != 8) {
            return null;
        }
        long micros = 0;
        for (int i = 0; i < 8; i++) {
            micros = (micros << 8) | (binary[i] & 0xFF);
        }
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return null;
        }
        return Instant.ofEpochSecond(POSTGRES_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /**
     * Checks {@code YYYY-MM-DD HH:MM:SS} and an optional fraction of 1 to 9 digits at the start: a
     * real date (year 1 to 9999) and time.
     *
     * @return the index after them, or -1
     */
    private static int wallTimeEnd(byte[] text) {
        int n = text.length;
        if (n < WALL_TIME_LENGTH || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':'
                || text[16] != ':') {
            return -1;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour < 0
                || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return -1; // includes MySQL's zero dates, which the driver turns into null
        }
        int i = WALL_TIME_LENGTH;
        if (i < n && text[i] == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(text[i])) {
                i++;
            }
            if (i == start || (i < n && isDigit(text[i]))) {
                return -1; // a dot without digits, or more than nine
            }
        }
        return i;
    }

    /** The wall time read as UTC, in seconds since 1970 (the text is checked). */
    private static long wallEpochSecond(byte[] text) {
        return epochDay(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2)) * 86_400L
                + digits(text, 11, 2) * 3600L + digits(text, 14, 2) * 60L + digits(text, 17, 2);
    }

    /** The fraction between the wall time and {@code end}, in nanoseconds (the text is checked). */
    private static int nanos(byte[] text, int end) {
        if (end == WALL_TIME_LENGTH) {
            return 0;
        }
        int nanos = 0;
        for (int i = WALL_TIME_LENGTH + 1; i < end; i++) {
            nanos = nanos * 10 + (text[i] - '0');
        }
        return nanos * NANOS_PER_DIGIT[end - WALL_TIME_LENGTH - 1];
    }

    /** @return the number in {@code length} ASCII digits at {@code from}, or -1 if one is not a digit */
    private static int digits(byte[] text, int from, int length) {
        int v = 0;
        for (int i = from; i < from + length; i++) {
            if (!isDigit(text[i])) {
                return -1;
            }
            v = v * 10 + (text[i] - '0');
        }
        return v;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 in the proleptic Gregorian calendar (as {@code LocalDate.toEpochDay}). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
