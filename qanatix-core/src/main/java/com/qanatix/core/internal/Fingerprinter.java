package com.qanatix.core.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Computes the 64-bit hashes dedup works with: of a source id (the index key) and of a record's
 * content (its name and every column name and value, with types, in column order).
 *
 * <p>The values are fed straight into a 64-bit hash as a typed, length-prefixed word stream,
 * without serializing the row: each 64-bit word goes through xxHash64's round function and the
 * result through its avalanche, with xxHash64's published constants. This is change detection, not
 * security: a change goes unnoticed only if the new content of a source id hashes like the old one,
 * with probability about 2<sup>-64</sup>. SHA-256 was measured first and cost four times more than the
 * rest of the pipeline (see BENCHMARKS.md). Nothing is allocated for the common types. One
 * instance per pull; not thread-safe.
 */
public final class Fingerprinter {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;
    private static final long KEY_SEED = 0x51_58_4B_45_59L; // "QXKEY"
    private static final long CONTENT_SEED = 0x51_58_44_41_54_41L; // "QXDATA"

    private long h;
    private long words;

    /**
     * @param sourceId a source id
     * @return its 64-bit hash
     */
    public long keyHash(String sourceId) {
        start(KEY_SEED);
        putString(sourceId);
        return finish();
    }

    /**
     * @param name the record's name, may be null
     * @param data the record's data
     * @return the 64-bit content fingerprint, never 0
     */
    public long contentHash(String name, Map<String, Object> data) {
        start(CONTENT_SEED);
        putValue(name);
        putMap(data);
        long result = finish();
        return result == 0 ? 1 : result;
    }

    private void start(long seed) {
        h = seed + P5;
        words = 0;
    }

    private void word(long w) {
        long k = w * P2;
        k = Long.rotateLeft(k, 31);
        k *= P1;
        h ^= k;
        h = Long.rotateLeft(h, 27) * P1 + P4;
        words++;
    }

    private long finish() {
        long x = h + words * 8;
        x ^= x >>> 33;
        x *= P2;
        x ^= x >>> 29;
        x *= P3;
        x ^= x >>> 32;
        return x;
    }

    private void putString(String s) {
        int length = s.length();
        word(((long) 'S' << 56) | length);
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            word(((long) s.charAt(i) << 48) | ((long) s.charAt(i + 1) << 32) | ((long) s.charAt(i + 2) << 16)
                    | s.charAt(i + 3));
        }
        if (i < length) {
            long w = 0;
            for (; i < length; i++) {
                w = (w << 16) | s.charAt(i);
            }
            word(w);
        }
    }

    private void putBytes(byte[] bytes) {
        word(((long) 'X' << 56) | bytes.length);
        int i = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            long w = 0;
            for (int j = 0; j < 8; j++) {
                w = (w << 8) | (bytes[i + j] & 0xFF);
            }
            word(w);
        }
        if (i < bytes.length) {
            long w = 0;
            for (; i < bytes.length; i++) {
                w = (w << 8) | (bytes[i] & 0xFF);
            }
            word(w);
        }
    }

    private void putMap(Map<?, ?> map) {
        word(((long) 'M' << 56) | map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object key = e.getKey();
            putString(key instanceof String s ? s : String.valueOf(key));
            putValue(e.getValue());
        }
    }

    private void tag(char type) {
        word((long) type << 56);
    }

    private void putValue(Object v) {
        if (v == null) {
            tag('N');
        } else if (v instanceof String s) {
            putString(s);
        } else if (v instanceof Long l) {
            tag('J');
            word(l);
        } else if (v instanceof Integer i) {
            tag('J');
            word(i);
        } else if (v instanceof Double d) {
            tag('D');
            word(Double.doubleToLongBits(d));
        } else if (v instanceof Boolean b) {
            tag(b ? 'T' : 'F');
        } else if (v instanceof BigDecimal d) {
            tag('B');
            word(d.scale());
            BigInteger unscaled = d.unscaledValue();
            if (unscaled.bitLength() < 64) {
                word(unscaled.longValue());
            } else {
                putBytes(unscaled.toByteArray());
            }
        } else if (v instanceof Instant t) {
            tag('I');
            word(t.getEpochSecond());
            word(t.getNano());
        } else if (v instanceof LocalDateTime t) {
            tag('L');
            word(t.toLocalDate().toEpochDay());
            word(t.toLocalTime().toNanoOfDay());
        } else if (v instanceof LocalDate d) {
            tag('d');
            word(d.toEpochDay());
        } else if (v instanceof LocalTime t) {
            tag('t');
            word(t.toNanoOfDay());
        } else if (v instanceof UUID u) {
            tag('U');
            word(u.getMostSignificantBits());
            word(u.getLeastSignificantBits());
        } else if (v instanceof byte[] bytes) {
            putBytes(bytes);
        } else if (v instanceof Map<?, ?> m) {
            putMap(m);
        } else if (v instanceof List<?> list) {
            word(((long) 'A' << 56) | list.size());
            for (Object item : list) {
                putValue(item);
            }
        } else {
            tag('O');
            putString(v.getClass().getName());
            putString(v.toString());
        }
    }
}
