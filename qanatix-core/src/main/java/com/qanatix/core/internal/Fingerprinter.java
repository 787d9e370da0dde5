package com.qanatix.core.internal;

import com.qanatix.core.spi.Row;
import com.qanatix.core.spi.RowLayout;

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
 * without serializing the row: the words are spread over four lanes, each going through xxHash64's
 * round function, and the lanes are merged and avalanched as in xxHash64, with its published
 * constants. A map key is one word, its own 64-bit hash, computed once per result layout for
 * {@link Row}s. This is change detection, not
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
    private static final long NAME_SEED = 0x51_58_4E_41_4D_45L; // "QXNAME"

    /** Four lanes, as in xxHash64, so consecutive words hash in parallel rather than in one chain. */
    private long v1;
    private long v2;
    private long v3;
    private long v4;
    private long words;
    private static final int PENDING_WORDS = 64;
    private final long[] pending = new long[PENDING_WORDS];
    /** Strings up to this long are common values (see {@link #writeCommonValue}): a length and 16 words. */
    private static final int FAST_STRING_CHARS = 64;
    /** The most words a common value takes. */
    private static final int FAST_VALUE_WORDS = 1 + FAST_STRING_CHARS / 4;
    private int pendingCount;
    /** Where {@link #writeString} copies a string's chars: any string whose words fit the buffer fits here. */
    private final char[] chars = new char[PENDING_WORDS * 4];
    /** The last few layouts seen (a row's, a JSON column's) and their column-name hashes. */
    private final RowLayout[] layouts = new RowLayout[LAYOUT_CACHE];
    private final long[][] layoutWords = new long[LAYOUT_CACHE][];
    private int nextLayoutSlot;
    private static final int LAYOUT_CACHE = 4;
    private static final int NAME_CACHE_BITS = 6;
    private final String[] nameCache = new String[1 << NAME_CACHE_BITS];
    private final long[] nameCacheHashes = new long[1 << NAME_CACHE_BITS];

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
        v1 = seed + P1 + P2;
        v2 = seed + P2;
        v3 = seed;
        v4 = seed - P1;
        words = 0;
        pendingCount = 0;
    }

    /**
     * Appends one word. Words are buffered and mixed a buffer at a time, four lanes in registers,
     * rather than each through the lane fields.
     */
    private void word(long w) {
        int n = pendingCount;
        if (n == PENDING_WORDS) {
            n = mixWholeStripes();
        }
        pending[n] = w;
        pendingCount = n + 1;
    }

    /**
     * Mixes the buffered words that make whole stripes of four and moves the rest (up to three)
     * to the front.
     *
     * @return the words left in the buffer
     */
    private int mixWholeStripes() {
        int n = pendingCount;
        int whole = n & ~3;
        mixStripes(whole);
        int left = n - whole;
        System.arraycopy(pending, whole, pending, 0, left);
        pendingCount = left;
        return left;
    }

    /** Word {@code i} goes into lane {@code i % 4}; {@code n} is a multiple of four. */
    private void mixStripes(int n) {
        long[] p = pending;
        long a = v1;
        long b = v2;
        long c = v3;
        long d = v4;
        for (int i = 0; i + 3 < n; i += 4) {
            a = round(a, p[i]);
            b = round(b, p[i + 1]);
            c = round(c, p[i + 2]);
            d = round(d, p[i + 3]);
        }
        v1 = a;
        v2 = b;
        v3 = c;
        v4 = d;
        words += n;
    }

    /**
     * Mixes what is buffered. The last one to three words rotate the lanes as they go (the lane just
     * fed moves last), which keeps the hash of a stream whose length is not a multiple of four as
     * it was before words were buffered: fingerprints stored by earlier versions stay valid.
     */
    private void drain() {
        int n = pendingCount;
        int whole = n & ~3;
        mixStripes(whole);
        for (int i = whole; i < n; i++) {
            long next = round(v1, pending[i]);
            v1 = v2;
            v2 = v3;
            v3 = v4;
            v4 = next;
            words++;
        }
        pendingCount = 0;
    }

    private static long round(long acc, long input) {
        acc += input * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long mergeRound(long acc, long lane) {
        acc ^= round(0, lane);
        return acc * P1 + P4;
    }

    private long finish() {
        drain();
        long x = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
        x = mergeRound(x, v1);
        x = mergeRound(x, v2);
        x = mergeRound(x, v3);
        x = mergeRound(x, v4);
        return avalanche(x + words * 8);
    }

    /** xxHash64's final mix: every input bit affects every output bit. */
    private static long avalanche(long x) {
        x ^= x >>> 33;
        x *= P2;
        x ^= x >>> 29;
        x *= P3;
        x ^= x >>> 32;
        return x;
    }

    /** A string's words: its length, then four chars a word (see {@link #fourChars}). */
    private void putString(String s) {
        int length = s.length();
        int words = 1 + (length + 3) / 4;
        int n = pendingCount;
        if (n + words > PENDING_WORDS) {
            n = mixWholeStripes();
        }
        if (n + words <= PENDING_WORDS) {
            pendingCount = writeString(s, pending, n);
            return;
        }
        word(((long) 'S' << 56) | length); // longer than the buffer: the same words, one at a time
        for (int i = 0; i < length; i += 4) {
            word(fourChars(s, i));
        }
    }

    /**
     * Writes a string's words into the buffer at {@code n}, which has room for them. The chars are
     * copied out in one call first ({@link String#getChars} widens a Latin-1 string with a vectorized
     * intrinsic), which costs a third of reading them one {@code charAt} at a time, each checking the
     * string's coder and bounds.
     *
     * @return the buffer position after them
     */
    private int writeString(String s, long[] p, int n) {
        int length = s.length();
        p[n++] = ((long) 'S' << 56) | length;
        char[] c = chars;
        s.getChars(0, length, c, 0);
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            p[n++] = ((long) c[i] << 48) | ((long) c[i + 1] << 32) | ((long) c[i + 2] << 16) | c[i + 3];
        }
        if (i < length) {
            long w = 0;
            for (; i < length; i++) {
                w = (w << 16) | c[i];
            }
            p[n++] = w;
        }
        return n;
    }

    /** Chars {@code i} to {@code i + 3} as one word, 16 bits each; at the end, the chars left, right-aligned. */
    private static long fourChars(String s, int i) {
        int length = s.length();
        if (i + 4 <= length) {
            return ((long) s.charAt(i) << 48) | ((long) s.charAt(i + 1) << 32) | ((long) s.charAt(i + 2) << 16)
                    | s.charAt(i + 3);
        }
        long w = 0;
        for (; i < length; i++) {
            w = (w << 16) | s.charAt(i);
        }
        return w;
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
        if (map instanceof Row row) {
            putRow(row);
            return;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object key = e.getKey();
            word(cachedNameHash(key instanceof String s ? s : String.valueOf(key)));
            putValue(e.getValue());
        }
    }

    /** A row's columns: each name's word (hashed once per layout), then its value. */
    private void putRow(Row row) {
        long[] names = columnWords(row.layout());
        for (int i = 0; i < names.length; i++) {
            Object v = row.value(i);
            int n = makeRoom(1 + FAST_VALUE_WORDS);
            pending[n++] = names[i];
            int end = writeCommonValue(v, pending, n);
            if (end >= 0) {
                pendingCount = end;
            } else {
                pendingCount = n;
                putOtherValue(v);
            }
        }
    }

    private long[] columnWords(RowLayout layout) {
        for (int i = 0; i < LAYOUT_CACHE; i++) {
            if (layouts[i] == layout) {
                return layoutWords[i];
            }
        }
        long[] words = new long[layout.size()];
        for (int i = 0; i < words.length; i++) {
            words[i] = nameHash(layout.column(i));
        }
        int slot = nextLayoutSlot;
        nextLayoutSlot = (slot + 1) % LAYOUT_CACHE;
        layouts[slot] = layout;
        layoutWords[slot] = words;
        return words;
    }

    /**
     * Field names of nested maps repeat row after row, often as the same String instance (Jackson
     * canonicalizes them): a small cache keyed by identity saves rehashing them.
     */
    private long cachedNameHash(String name) {
        int slot = (name.hashCode() * 0x9E3779B9) >>> (32 - NAME_CACHE_BITS);
        if (nameCache[slot] == name) {
            return nameCacheHashes[slot];
        }
        long h = nameHash(name);
        nameCache[slot] = name;
        nameCacheHashes[slot] = h;
        return h;
    }

    /** A map key's 64-bit hash, fed to the content hash as one word (computed aside, so the lanes are untouched). */
    private static long nameHash(String name) {
        long h = NAME_SEED + P5 + name.length();
        int length = name.length();
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            h ^= round(0, ((long) name.charAt(i) << 48) | ((long) name.charAt(i + 1) << 32)
                    | ((long) name.charAt(i + 2) << 16) | name.charAt(i + 3));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (i < length) {
            long w = 0;
            for (; i < length; i++) {
                w = (w << 16) | name.charAt(i);
            }
            h ^= round(0, w);
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        return avalanche(h);
    }

    private void tag(char type) {
        word((long) type << 56);
    }

    /** One value, typed (see {@link #writeCommonValue}). */
    private void putValue(Object v) {
        int end = writeCommonValue(v, pending, makeRoom(FAST_VALUE_WORDS));
        if (end >= 0) {
            pendingCount = end;
        } else {
            putOtherValue(v);
        }
    }

    /** @return the buffer position after which at least {@code words} words fit */
    private int makeRoom(int words) {
        int n = pendingCount;
        return n > PENDING_WORDS - words ? mixWholeStripes() : n;
    }

    /**
     * Writes a value of a common type straight into the buffer at {@code n}, which has room for
     * {@value #FAST_VALUE_WORDS} words: no call per word (the compiler does not inline the general
     * path's many small calls). Other values are left to {@link #putOtherValue}.
     *
     * @return the buffer position after the value's words, or -1 if its type is not a common one
     */
    private int writeCommonValue(Object v, long[] p, int n) {
        if (v == null) {
            p[n++] = (long) 'N' << 56;
        } else if (v instanceof String s && s.length() <= FAST_STRING_CHARS) {
            n = writeString(s, p, n);
        } else if (v instanceof Long l) {
            p[n++] = (long) 'J' << 56;
            p[n++] = l;
        } else if (v instanceof Integer i) {
            p[n++] = (long) 'J' << 56;
            p[n++] = i;
        } else if (v instanceof Instant t) {
            p[n++] = (long) 'I' << 56;
            p[n++] = t.getEpochSecond();
            p[n++] = t.getNano();
        } else if (v instanceof BigDecimal d && d.precision() <= 15) {
            // Without allocating the unscaled BigInteger: two values of one scale with at most 15
            // significant digits differ by at least 1e-15 relative, far above a double's rounding
            // step (2^-52), so their correctly rounded doubles differ too.
            p[n++] = (long) 'b' << 56;
            p[n++] = d.scale();
            p[n++] = Double.doubleToLongBits(d.doubleValue());
        } else if (v instanceof Double d) {
            p[n++] = (long) 'D' << 56;
            p[n++] = Double.doubleToLongBits(d);
        } else if (v instanceof Boolean b) {
            p[n++] = (long) (b ? 'T' : 'F') << 56;
        } else {
            return -1;
        }
        return n;
    }

    private void putOtherValue(Object v) {
        if (v instanceof String s) {
            putString(s);
        } else if (v instanceof BigDecimal d) {
            tag('B');
            word(d.scale());
            BigInteger unscaled = d.unscaledValue();
            if (unscaled.bitLength() < 64) {
                word(unscaled.longValue());
            } else {
                putBytes(unscaled.toByteArray());
            }
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
