package com.qanatix.connectors.mongo;

import java.text.Normalizer;

import static java.util.Objects.requireNonNull;

/**
 * SASLprep (RFC 4013) for stored strings, the profile MongoDB applies to a SCRAM-SHA-256 password
 * before it is salted: non-ASCII spaces become a space, the characters "commonly mapped to nothing"
 * are dropped, the result is NFKC-normalised, and prohibited, bidirectionally inconsistent or
 * unassigned characters are rejected.
 *
 * <p>Unassigned code points are judged by this JDK's Unicode tables rather than Unicode 3.2; the
 * two differ only for characters assigned since, which no test password uses.
 */
final class SaslPrep {
    private SaslPrep() {
    }

    /**
     * @param value a password
     * @return the prepared password
     * @throws IllegalArgumentException if it holds a character SASLprep prohibits (the message names
     *     the position, never the value)
     */
    static String prepareStored(String value) {
        requireNonNull(value, "value is null");
        StringBuilder mapped = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            if (isNonAsciiSpace(cp)) {
                mapped.append(' ');
            } else if (!isMappedToNothing(cp)) {
                mapped.appendCodePoint(cp);
            }
        });
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        boolean hasRandAL = false;
        boolean hasL = false;
        int[] codePoints = normalized.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            int cp = codePoints[i];
            if (isProhibited(cp)) {
                throw new IllegalArgumentException("prohibited character at index " + i);
            }
            if (!Character.isDefined(cp)) {
                throw new IllegalArgumentException("unassigned code point at index " + i);
            }
            byte direction = Character.getDirectionality(cp);
            hasRandAL |= direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                    || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
            hasL |= direction == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
        }
        if (hasRandAL && (hasL || !isRandAL(codePoints[0]) || !isRandAL(codePoints[codePoints.length - 1]))) {
            throw new IllegalArgumentException("right-to-left text must not mix with left-to-right text "
                    + "and must start and end with a right-to-left character");
        }
        return normalized;
    }

    private static boolean isRandAL(int cp) {
        byte direction = Character.getDirectionality(cp);
        return direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }

    /** RFC 3454 table C.1.2. */
    private static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || cp >= 0x2000 && cp <= 0x200B || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    /** RFC 3454 table B.1. */
    private static boolean isMappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || cp >= 0x180B && cp <= 0x180D
                || cp >= 0x200B && cp <= 0x200D || cp == 0x2060 || cp >= 0xFE00 && cp <= 0xFE0F || cp == 0xFEFF;
    }

    /** RFC 3454 tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8 and C.9. */
    private static boolean isProhibited(int cp) {
        return isNonAsciiSpace(cp)
                || cp <= 0x001F || cp == 0x007F // C.2.1
                || cp >= 0x0080 && cp <= 0x009F || cp == 0x06DD || cp == 0x070F || cp == 0x180E || cp == 0x200C
                || cp == 0x200D || cp == 0x2028 || cp == 0x2029 || cp >= 0x2060 && cp <= 0x2063
                || cp >= 0x206A && cp <= 0x206F || cp == 0xFEFF || cp >= 0xFFF9 && cp <= 0xFFFC
                || cp >= 0x1D173 && cp <= 0x1D17A // C.2.2
                || cp >= 0xE000 && cp <= 0xF8FF || cp >= 0xF0000 && cp <= 0xFFFFD
                || cp >= 0x100000 && cp <= 0x10FFFD // C.3
                || cp >= 0xFDD0 && cp <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE // C.4
                || cp >= 0xD800 && cp <= 0xDFFF // C.5
                || cp >= 0xFFF9 && cp <= 0xFFFD // C.6
                || cp >= 0x2FF0 && cp <= 0x2FFB // C.7
                || cp == 0x0340 || cp == 0x0341 || cp == 0x200E || cp == 0x200F || cp >= 0x202A && cp <= 0x202E // C.8
                || cp == 0xE0001 || cp >= 0xE0020 && cp <= 0xE007F; // C.9
    }
}
