package com.qanatix.connectors.jdbc.internal;

import java.math.BigDecimal;

/**
 * Reads a MySQL {@code DECIMAL} from the text the server sent ({@code -1234.50}) into a
 * {@code BigDecimal} with the same scale, through a {@code long}: Connector/J copies the text into
 * a {@code char[]} and parses it with {@code new BigDecimal(char[])}. Values of more than 18 digits,
 * or any other shape, yield null, so the caller asks the driver.
 */
final class DecimalText {
    private static final int MAX_DIGITS = 18;

    private DecimalText() {
    }

    /**
     * @param text ASCII digits, an optional leading minus and at most one point
     * @return the value, or null when the text is not in that form or has more than 18 digits
     */
    static BigDecimal parse(byte[] text) {
        int n = text.length;
        if (n == 0 || n > MAX_DIGITS + 2) {
            return null;
        }
        int i = text[0] == '-' ? 1 : 0;
        long unscaled = 0;
        int digits = 0;
        int scale = -1;
        for (; i < n; i++) {
            byte b = text[i];
            if (b >= '0' && b <= '9') {
                unscaled = unscaled * 10 + (b - '0');
                digits++;
                if (scale >= 0) {
                    scale++;
                }
            } else if (b == '.' && scale < 0) {
                scale = 0;
            } else {
                return null;
            }
        }
        if (digits == 0 || digits > MAX_DIGITS) {
            return null;
        }
        return BigDecimal.valueOf(text[0] == '-' ? -unscaled : unscaled, Math.max(scale, 0));
    }
}
