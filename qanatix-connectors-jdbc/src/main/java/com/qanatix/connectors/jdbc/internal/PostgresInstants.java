package com.qanatix.connectors.jdbc.internal;

import java.time.Instant;

/**
 * Reads a PostgreSQL {@code timestamptz} from the bytes the server sent, without the driver's
 * {@code OffsetDateTime} (which looks its offset up in a shared cache and was a tenth of a pull's
 * time): the text form {@code 2026-03-29 01:30:00.654321+05:30} (pgjdbc sets {@code DateStyle=ISO})
 * or the binary form, microseconds since 2000-01-01 UTC. Anything else, such as {@code infinity},
 * a year before 1 or past 9999, or an unexpected shape, yields null so the caller asks the driver.
 */
final class PostgresInstants {
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L; // 2000-01-01T00:00:00Z
    /** What the last of {@code i} fraction digits is worth in nanoseconds. */
    private static final int[] NANOS_PER_DIGIT = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000,
        100, 10, 1};

    private PostgresInstants() {
    }

    /**
     * @param text the value's text, e.g. {@code 2026-03-29 01:30:00.654321+00}
     * @return the instant, or null when the text is not in the common form
     */
    static Instant fromText(byte[] text) {
        int n = text.length;
        if (n < 22 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int i = 19;
        int nanos = 0;
        if (text[i] == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(text[i])) {
                nanos = nanos * 10 + (text[i++] - '0');
            }
            int length = i - start;
            if (length == 0) {
                return null;
            }
            nanos *= NANOS_PER_DIGIT[length];
        }
        if (i + 3 > n || (text[i] != '+' && text[i] != '-')) {
            return null;
        }
        int sign = text[i] == '-' ? -1 : 1;
        int offsetHours = digits(text, i + 1, 2);
        int offsetMinutes = 0;
        int offsetSeconds = 0;
        i += 3;
        if (i + 3 <= n && text[i] == ':') {
            offsetMinutes = digits(text, i + 1, 2);
            i += 3;
            if (i + 3 <= n && text[i] == ':') {
                offsetSeconds = digits(text, i + 1, 2);
                i += 3;
            }
        }
        if (i != n || year < 1 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
                || hour > 23 || minute > 59 || second > 59 || offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59
                || offsetSeconds < 0 || offsetSeconds > 59) {
            return null; // " BC", a longer year, or a shape this does not know: the driver decides
        }
        long offset = sign * (offsetHours * 3600L + offsetMinutes * 60L + offsetSeconds);
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offset;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /**
     * @param binary the value in binary format: 8 bytes, big-endian microseconds since 2000-01-01 UTC
     * @return the instant, or null for {@code infinity}, {@code -infinity} or another length
     */
    static Instant fromBinary(byte[] binary) {
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
