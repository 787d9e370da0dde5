package com.qanatix.core.spi;

import com.qanatix.core.internal.DeferredJsonArray;
import com.qanatix.core.internal.DeferredJsonObject;
import com.qanatix.core.internal.JsonValueReader;

import java.util.Objects;

/**
 * JSON values for a row, in the normalized types: objects as {@code Map} (field order kept),
 * arrays as {@code List}, integers as {@code Long} (beyond its range {@code BigDecimal}), other
 * numbers as {@code BigDecimal}, strings, booleans, null.
 */
public final class JsonValues {
    private JsonValues() {
    }

    /**
     * A JSON value whose text the server has already validated (PostgreSQL {@code json} and
     * {@code jsonb}, MySQL {@code JSON}): an object or array is handed on as a {@code Map} or
     * {@code List} that parses the text when first read, so a pull whose sink never looks inside
     * it never pays for the parse, and dedup fingerprints the text as it came; any other value
     * (a string, number, boolean or null) is parsed at once. The bytes are kept, not copied: the
     * caller must not change them.
     *
     * @param utf8 bytes holding JSON text in UTF-8
     * @param offset where the text starts
     * @param length its length in bytes
     * @return the value
     * @throws IllegalArgumentException when a value parsed at once is not JSON
     */
    public static Object deferred(byte[] utf8, int offset, int length) {
        Objects.requireNonNull(utf8, "utf8 is null");
        Objects.checkFromIndexSize(offset, length, utf8.length);
        int first = offset;
        int end = offset + length;
        while (first < end && isWhitespace(utf8[first])) {
            first++;
        }
        if (first < end && utf8[first] == '{') {
            return new DeferredJsonObject(utf8, offset, length);
        }
        if (first < end && utf8[first] == '[') {
            return new DeferredJsonArray(utf8, offset, length);
        }
        try {
            return JsonValueReader.ofThisThread().read(utf8, offset, length);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
