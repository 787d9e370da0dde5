package com.qanatix.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A JSON object or array kept as the UTF-8 text the server sent, parsed into the normalized types
 * when first read (see {@link com.qanatix.core.spi.JsonValues#deferred}). Dedup fingerprints the
 * text itself, so a pull whose sink never looks inside the value never parses it.
 */
public sealed interface DeferredJson permits DeferredJsonObject, DeferredJsonArray {

    /** @return the text's bytes; read only from {@link #offset()} for {@link #length()} bytes, never change them */
    byte[] utf8();

    /** @return where the text starts */
    int offset();

    /** @return the text's length in bytes */
    int length();

    /**
     * @param json the deferred value
     * @return its text, parsed
     * @throws IllegalStateException if the text is not JSON after all (the server vouched for it)
     */
    static Object parse(DeferredJson json) {
        try {
            return JsonValueReader.ofThisThread().read(json.utf8(), json.offset(), json.length());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON value the database sent cannot be parsed: "
                    + e.getOriginalMessage(), e);
        }
    }
}
