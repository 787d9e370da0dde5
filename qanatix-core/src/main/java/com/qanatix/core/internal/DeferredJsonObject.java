package com.qanatix.core.internal;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object read as a {@code Map} (field order kept) that parses its text when first read.
 * Safe to read from several threads: each may parse once, all see equal maps.
 */
public final class DeferredJsonObject extends AbstractMap<String, Object> implements DeferredJson {
    private final byte[] utf8;
    private final int offset;
    private final int length;
    private volatile Map<String, Object> parsed;

    /**
     * @param utf8 bytes holding a JSON object that the server validated
     * @param offset where it starts
     * @param length its length in bytes
     */
    public DeferredJsonObject(byte[] utf8, int offset, int length) {
        this.utf8 = utf8;
        this.offset = offset;
        this.length = length;
    }

    @SuppressWarnings("unchecked") // the text starts with '{': the reader returns a map
    private Map<String, Object> parsed() {
        Map<String, Object> p = parsed;
        if (p == null) {
            p = (Map<String, Object>) DeferredJson.parse(this);
            parsed = p;
        }
        return p;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return parsed().entrySet();
    }

    @Override
    public Object get(Object key) {
        return parsed().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return parsed().containsKey(key);
    }

    @Override
    public int size() {
        return parsed().size();
    }

    @Override
    public byte[] utf8() {
        return utf8;
    }

    @Override
    public int offset() {
        return offset;
    }

    @Override
    public int length() {
        return length;
    }
}
