package com.qanatix.connectors.jdbc.internal;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class DecimalTextTest {

    private static BigDecimal parse(String s) {
        return DecimalText.parse(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void readsDecimalsWithTheirScale() {
        assertThat(parse("10.50")).isEqualTo(new BigDecimal("10.50"));
        assertThat(parse("-0.99")).isEqualTo(new BigDecimal("-0.99"));
        assertThat(parse("0.00")).isEqualTo(new BigDecimal("0.00"));
        assertThat(parse("42")).isEqualTo(new BigDecimal("42"));
        assertThat(parse("999999999999999999")).isEqualTo(new BigDecimal("999999999999999999"));
        assertThat(parse("-99999999.9999999999")).isEqualTo(new BigDecimal("-99999999.9999999999"));
    }

    @Test
    void leavesLongerOrOtherTextToTheDriver() {
        assertThat(parse("1234567890123456789")).isNull();
        assertThat(parse("12345678901234567890.0123456789")).isNull();
        assertThat(parse("1E+10")).isNull();
        assertThat(parse("1.2.3")).isNull();
        assertThat(parse("")).isNull();
        assertThat(parse("-")).isNull();
        assertThat(parse(".")).isNull();
        assertThat(parse("+1")).isNull();
    }

    @Test
    void agreesWithBigDecimalOnRandomValues() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n = 0; n < 100_000; n++) {
            BigDecimal expected = BigDecimal.valueOf(random.nextLong(-999_999_999_999_999_999L, 999_999_999_999_999_999L)
                    / (long) Math.pow(10, random.nextInt(18)), random.nextInt(0, 12));
            String text = expected.toPlainString();
            assertThat(parse(text)).as(text).isEqualTo(expected);
        }
    }
}
