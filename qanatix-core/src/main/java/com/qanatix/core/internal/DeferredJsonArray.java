package com.qanatix.core.internal;

import java.util.AbstractList;
import java.util.List;

/**
 * A JSON array read as a {@code List} that parses its text when first read. Safe to read from
 * several threads: each may parse once, all see equal lists.
 */
public final class DeferredJsonArray extends AbstractList<Object> implements DeferredJson {
    private final byte[] utf8;
    private final int offset;
    private final int length;
    private volatile List<Object> parsed;

    /**
     * @param utf8 bytes holding a JSON array that the server validated
     * @param offset where it starts
     * @param length its length in bytes
     */
    public DeferredJsonArray(byte[] utf8, int offset, int length) {
        this.utf8 = utf8;
        this.offset = offset;
        this.length = length;
    }

    @SuppressWarnings("unchecked") // the text starts with '[': the reader returns a list
    private List<Object> parsed() {
        List<Object> p = parsed;
        if (p == null) {
            p = (List<Object>) DeferredJson.parse(this);
            parsed = p;
        }
        return p;
    }

    @Override
    public Object get(int index) {
        return parsed().get(index);
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
