package com.qanatix.core.internal;

import java.math.BigDecimal;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Computes the 64-bit hashes dedup works with: of a source id (the index key) and of a record's
 * content (its name and every value, with types, in column order).
 *
 * <p>SHA-256 (hardware-accelerated on current JDKs), truncated to 64 bits. Values are encoded with a
 * type tag into a reused buffer, so hashing a row allocates nothing for the common types. One
 * instance per pull; not thread-safe.
 */
public final class Fingerprinter {
    private static final int BUFFER = 4096;

    private final MessageDigest sha256;
    private final byte[] buffer = new byte[BUFFER];
    private final byte[] digest = new byte[32];
    private int pos;

    /** Creates a fingerprinter. */
    public Fingerprinter() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * @param sourceId a source id
     * @return its 64-bit hash
     */
    public long keyHash(String sourceId) {
        putString(sourceId);
        return finish();
    }

    /**
     * @param name the record's name, may be null
     * @param data the record's data
     * @return the 64-bit content fingerprint, never 0
     */
    public long contentHash(String name, Map<String, Object> data) {
        putValue(name);
        putMap(data);
        long h = finish();
        return h == 0 ? 1 : h;
    }

    private long finish() {
        flush();
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (digest[i] & 0xFF);
        }
        return h;
    }

    private void flush() {
        if (pos > 0) {
            sha256.update(buffer, 0, pos);
            pos = 0;
        }
    }

    private void ensure(int bytes) {
        if (pos + bytes > BUFFER) {
            flush();
        }
    }

    private void putByte(int b) {
        ensure(1);
        buffer[pos++] = (byte) b;
    }

    private void putLong(long v) {
        ensure(8);
        for (int i = 56; i >= 0; i -= 8) {
            buffer[pos++] = (byte) (v >>> i);
        }
    }

    private void putInt(int v) {
        ensure(4);
        buffer[pos++] = (byte) (v >>> 24);
        buffer[pos++] = (byte) (v >>> 16);
        buffer[pos++] = (byte) (v >>> 8);
        buffer[pos++] = (byte) v;
    }

    private void putString(String s) {
        int length = s.length();
        putInt(length);
        for (int i = 0; i < length; i++) {
            ensure(2);
            char c = s.charAt(i);
            buffer[pos++] = (byte) (c >>> 8);
            buffer[pos++] = (byte) c;
        }
    }

    private void putMap(Map<?, ?> map) {
        putByte('M');
        putInt(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            putString(String.valueOf(e.getKey()));
            putValue(e.getValue());
        }
    }

    private void putValue(Object v) {
        if (v == null) {
            putByte('N');
        } else if (v instanceof String s) {
            putByte('S');
            putString(s);
        } else if (v instanceof Long l) {
            putByte('J');
            putLong(l);
        } else if (v instanceof Integer i) {
            putByte('J');
            putLong(i);
        } else if (v instanceof Double d) {
            putByte('D');
            putLong(Double.doubleToLongBits(d));
        } else if (v instanceof Boolean b) {
            putByte(b ? 'T' : 'F');
        } else if (v instanceof BigDecimal d) {
            putByte('B');
            putInt(d.scale());
            putString(d.unscaledValue().toString());
        } else if (v instanceof Instant t) {
            putByte('I');
            putLong(t.getEpochSecond());
            putInt(t.getNano());
        } else if (v instanceof LocalDateTime t) {
            putByte('L');
            putLong(t.toLocalDate().toEpochDay());
            putLong(t.toLocalTime().toNanoOfDay());
        } else if (v instanceof LocalDate d) {
            putByte('d');
            putLong(d.toEpochDay());
        } else if (v instanceof LocalTime t) {
            putByte('t');
            putLong(t.toNanoOfDay());
        } else if (v instanceof UUID u) {
            putByte('U');
            putLong(u.getMostSignificantBits());
            putLong(u.getLeastSignificantBits());
        } else if (v instanceof byte[] bytes) {
            putByte('X');
            putInt(bytes.length);
            flush();
            sha256.update(bytes);
        } else if (v instanceof Map<?, ?> m) {
            putMap(m);
        } else if (v instanceof List<?> list) {
            putByte('A');
            putInt(list.size());
            for (Object item : list) {
                putValue(item);
            }
        } else {
            putByte('O');
            putString(v.getClass().getName());
            putString(v.toString());
        }
    }
}
