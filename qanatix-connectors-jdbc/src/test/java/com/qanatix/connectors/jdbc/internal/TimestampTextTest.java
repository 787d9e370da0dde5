package com.qanatix.connectors.jdbc.internal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampTextTest {

    private static Instant text(String s) {
        return TimestampText.instantWithOffset(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void readsTheIsoTextWithAnyFractionAndOffset() {
        assertThat(text("2026-03-29 01:30:00.654321+00")).isEqualTo(Instant.parse("2026-03-29T01:30:00.654321Z"));
        assertThat(text("2026-03-29 01:30:00+00")).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(text("2026-03-29 01:30:00.5+05:30")).isEqualTo(Instant.parse("2026-03-28T20:00:00.5Z"));
        assertThat(text("2026-03-29 01:30:00.05-03:30")).isEqualTo(Instant.parse("2026-03-29T05:00:00.05Z"));
        assertThat(text("1900-01-01 00:19:32+00:19:32")).isEqualTo(Instant.parse("1900-01-01T00:00:00Z"));
        assertThat(text("0001-01-01 00:00:00+00")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(text("9999-12-31 23:59:59.999999+00")).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
        assertThat(text("2024-02-29 12:00:00+00")).isEqualTo(Instant.parse("2024-02-29T12:00:00Z"));
    }

    @Test
    void leavesEveryOtherShapeToTheDriver() {
        assertThat(text("infinity")).isNull();
        assertThat(text("-infinity")).isNull();
        assertThat(text("0001-01-01 00:00:00+00 BC")).isNull();
        assertThat(text("10000-01-01 00:00:00+00")).isNull();
        assertThat(text("2026-03-29T01:30:00+00")).isNull();
        assertThat(text("2026-03-29 01:30:00")).isNull();
        assertThat(text("2026-03-29 01:30:00.+00")).isNull();
        assertThat(text("2026-03-29 01:30:00.1234567890+00")).isNull();
        assertThat(text("2026-02-30 01:30:00+00")).isNull();
        assertThat(text("2026-13-01 01:30:00+00")).isNull();
        assertThat(text("2026-03-29 01:30:00+0")).isNull();
        assertThat(text("2026-03-29 01:30:00+00:3")).isNull();
        assertThat(text("2026-03-2x 01:30:00+00")).isNull();
    }

    @Test
    void agreesWithJavaTimeOnRandomInstantsAndOffsets() {
        SplittableRandom random = new SplittableRandom(29);
        long min = Instant.parse("0001-01-02T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-30T00:00:00Z").getEpochSecond();
        for (int n = 0; n < 100_000; n++) {
            Instant expected = Instant.ofEpochSecond(random.nextLong(min, max), random.nextInt(1_000_000) * 1_000L);
            int offsetSeconds = random.nextBoolean() ? random.nextInt(-12 * 4, 14 * 4 + 1) * 900
                    : random.nextInt(-15 * 3600, 15 * 3600); // quarter hours, and historic offsets with seconds
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetSeconds);
            String formatted = postgresText(LocalDateTime.ofInstant(expected, offset), offset);
            assertThat(text(formatted)).as(formatted).isEqualTo(expected);
        }
    }

    /** As PostgreSQL prints a timestamptz with DateStyle ISO: trailing fraction zeros and zero offset parts left out. */
    private static String postgresText(LocalDateTime t, ZoneOffset offset) {
        StringBuilder sb = new StringBuilder(String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(),
                t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
        if (t.getNano() != 0) {
            sb.append('.').append(String.format("%06d", t.getNano() / 1000).replaceAll("0+$", ""));
        }
        int total = offset.getTotalSeconds();
        int abs = Math.abs(total);
        sb.append(total < 0 ? '-' : '+').append(String.format("%02d", abs / 3600));
        if (abs % 3600 != 0) {
            sb.append(String.format(":%02d", abs / 60 % 60));
            if (abs % 60 != 0) {
                sb.append(String.format(":%02d", abs % 60));
            }
        }
        return sb.toString();
    }

    @Test
    void readsMySqlDateTimesAndLeavesZeroDatesAndOtherShapesToTheDriver() {
        assertThat(local("2026-03-29 01:30:00")).isEqualTo(LocalDateTime.parse("2026-03-29T01:30:00"));
        assertThat(local("2026-03-29 01:30:00.654321")).isEqualTo(LocalDateTime.parse("2026-03-29T01:30:00.654321"));
        assertThat(local("1000-01-01 00:00:00.5")).isEqualTo(LocalDateTime.parse("1000-01-01T00:00:00.5"));
        assertThat(local("9999-12-31 23:59:59.999999")).isEqualTo(LocalDateTime.parse("9999-12-31T23:59:59.999999"));
        assertThat(local("0000-00-00 00:00:00")).isNull();
        assertThat(local("2026-00-10 00:00:00")).isNull();
        assertThat(local("2026-02-29 00:00:00")).isNull();
        assertThat(local("2026-03-29 01:30:00+00")).isNull();
        assertThat(local("2026-03-29 01:30")).isNull();
        assertThat(local("2026-03-29 24:00:00")).isNull();
        SplittableRandom random = new SplittableRandom(31);
        for (int n = 0; n < 100_000; n++) {
            LocalDateTime expected = LocalDateTime.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_214_400L),
                    random.nextInt(1_000_000) * 1_000, ZoneOffset.UTC);
            String text = postgresText(expected, ZoneOffset.UTC);
            assertThat(local(text.substring(0, text.length() - 3))).as(text).isEqualTo(expected);
        }
    }

    private static LocalDateTime local(String s) {
        return TimestampText.localDateTime(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void readsTheBinaryFormAndLeavesInfinityToTheDriver() {
        assertThat(TimestampText.instantFromPostgresBinary(binary(0))).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(TimestampText.instantFromPostgresBinary(binary(-1))).isEqualTo(Instant.parse("1999-12-31T23:59:59.999999Z"));
        assertThat(TimestampText.instantFromPostgresBinary(binary(828_063_000_654_321L)))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00.654321Z"));
        assertThat(TimestampText.instantFromPostgresBinary(binary(Long.MAX_VALUE))).isNull();
        assertThat(TimestampText.instantFromPostgresBinary(binary(Long.MIN_VALUE))).isNull();
        assertThat(TimestampText.instantFromPostgresBinary(new byte[4])).isNull();
    }

    private static byte[] binary(long micros) {
        return ByteBuffer.allocate(8).putLong(micros).array();
    }
}
