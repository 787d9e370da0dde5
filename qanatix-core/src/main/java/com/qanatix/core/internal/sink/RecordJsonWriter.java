package com.qanatix.core.internal.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.internal.JsonSupport;
import com.qanatix.core.spi.Row;
import com.qanatix.core.spi.RowLayout;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.UUID;

/**
 * Writes a record's fields in the QANATIX ingest shape to a generator, the one JSON form every
 * shipped sink gives a record: temporals as ISO-8601 strings, binary as base64, decimals plain.
 *
 * <p>The normalized value types of {@link IngestRecord#data()} are written by hand, with the generator
 * calls {@link JsonSupport#WRITER} would make for them, so the output is byte for byte the mapper's
 * without its per-value serializer lookup; any other type goes through the mapper. The common values
 * of a pull are written without garbage: the column names of a {@link RowLayout} seen twice are
 * quoted and encoded once and copied after that, and {@code Instant}, {@code LocalDateTime},
 * {@code LocalDate} and {@code BigDecimal} values of up to 18 digits are formatted into a buffer of
 * this writer, not through {@code toString()} or {@code toPlainString()}. Nothing here flushes: the
 * generator's buffer reaches its stream only when full, or when the caller flushes.
 *
 * <p>One writer serves one generator, on one thread at a time.
 */
public final class RecordJsonWriter {
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString SOURCE_ID = new SerializedString("source_id");
    private static final SerializedString VERTICAL = new SerializedString("vertical");
    private static final SerializedString ENTITY_TYPE = new SerializedString("entity_type");
    private static final SerializedString VERTICAL_DATA = new SerializedString("vertical_data");
    /** The mapper's writer for values of other types; it must not flush after each value. */
    private static final ObjectWriter OTHER = JsonSupport.WRITER
            .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    /** Digits of an unscaled value a {@code long} holds whatever they are. */
    private static final int MAX_COMPACT_DIGITS = 18;
    private static final long MIN_FAST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long MAX_FAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    /** How many layouts keep their encoded names: a pull's rows and the JSON objects in them. */
    private static final int LAYOUTS = 4;

    /** Temporals are formatted here (at most {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}): ASCII, which a JSON string takes as it is. */
    private final byte[] text = new byte[32];
    /** Decimals are formatted here: at most a sign, {@code 0.} and 18 digits. */
    private final char[] number = new char[3 + MAX_COMPACT_DIGITS];
    private final RowLayout[] layouts = new RowLayout[LAYOUTS];
    private final SerializedString[][] layoutNames = new SerializedString[LAYOUTS][];
    private int nextLayoutSlot;
    /** Layouts met once: their names are encoded when they come again. */
    private final RowLayout[] metOnce = new RowLayout[LAYOUTS];
    private int nextMetOnceSlot;
    private final Constant vertical = new Constant();
    private final Constant entityType = new Constant();

    /** A writer with empty buffers; layouts are learned as rows come. */
    public RecordJsonWriter() {
    }

    /**
     * Writes {@code {"name":…,"source_id":…,"vertical":…,"entity_type":…,"vertical_data":{…}}}.
     *
     * @param g the generator
     * @param r the record
     * @throws IOException if the generator's stream fails
     */
    public void writeLine(JsonGenerator g, IngestRecord r) throws IOException {
        g.writeStartObject();
        g.writeFieldName(NAME);
        g.writeString(r.name());
        g.writeFieldName(SOURCE_ID);
        g.writeString(r.sourceId());
        g.writeFieldName(VERTICAL);
        vertical.write(g, r.vertical());
        g.writeFieldName(ENTITY_TYPE);
        entityType.write(g, r.entityType());
        g.writeFieldName(VERTICAL_DATA);
        writeValue(g, r.data());
        g.writeEndObject();
    }

    /**
     * Writes {@code {"name":…,"source_id":…,"vertical_data":{…}}}: a record of an ingest request,
     * whose vertical and entity type are in the request's path.
     *
     * @param g the generator
     * @param r the record
     * @throws IOException if the generator's stream fails
     */
    public void writeIngestRecord(JsonGenerator g, IngestRecord r) throws IOException {
        g.writeStartObject();
        g.writeFieldName(NAME);
        g.writeString(r.name());
        g.writeFieldName(SOURCE_ID);
        g.writeString(r.sourceId());
        g.writeFieldName(VERTICAL_DATA);
        writeValue(g, r.data());
        g.writeEndObject();
    }

    /**
     * Writes one value as {@link JsonSupport#WRITER} would.
     *
     * @param g the generator
     * @param v the value, may be null
     * @throws IOException if the generator's stream fails
     */
    public void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l.longValue());
        } else if (v instanceof BigDecimal d) {
            writeDecimal(g, d);
        } else if (v instanceof Map<?, ?> m) {
            writeMap(g, m);
        } else if (v instanceof Instant t) {
            writeInstant(g, t);
        } else if (v instanceof LocalDateTime t) {
            writeLocalDateTime(g, t);
        } else if (v instanceof LocalDate d) {
            writeLocalDate(g, d);
        } else if (v instanceof TemporalAccessor || v instanceof TemporalAmount || v instanceof UUID) {
            g.writeString(v.toString());
        } else if (v instanceof Double d) {
            g.writeNumber(d.doubleValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i.intValue());
        } else if (v instanceof byte[] bytes) {
            g.writeBinary(JsonSupport.WRITER.getConfig().getBase64Variant(), bytes, 0, bytes.length);
        } else if (v instanceof List<?> list && list instanceof RandomAccess) {
            g.writeStartArray();
            for (int i = 0, n = list.size(); i < n; i++) {
                writeValue(g, list.get(i));
            }
            g.writeEndArray();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object e : c) {
                writeValue(g, e);
            }
            g.writeEndArray();
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else {
            OTHER.writeValue(g, v);
        }
    }

    /**
     * Writes {@link BigDecimal#toPlainString()} as a number, as the mapper does with
     * {@code WRITE_BIGDECIMAL_AS_PLAIN}; without its garbage when the unscaled value has at most
     * 18 digits and the scale is 0 to 18 (a {@code NUMERIC(p, s)} column's values).
     */
    private void writeDecimal(JsonGenerator g, BigDecimal d) throws IOException {
        int scale = d.scale();
        if (scale < 0 || scale > MAX_COMPACT_DIGITS || d.precision() > MAX_COMPACT_DIGITS) {
            g.writeNumber(d);
            return;
        }
        // a BigDecimal of the unscaled value (which the compiler can keep in registers), not the
        // BigInteger and its array that unscaledValue() makes
        long unscaled = d.scaleByPowerOfTen(scale).longValue();
        char[] c = number;
        int n = 0;
        if (unscaled < 0) {
            c[n++] = '-';
            unscaled = -unscaled;
        }
        int digits = digitCount(unscaled);
        if (scale == 0) {
            n += digits;
            writeDigits(c, n, unscaled, digits);
        } else if (digits > scale) {
            n += digits + 1;
            int end = n;
            for (int i = 0; i < scale; i++) {
                c[--end] = (char) ('0' + unscaled % 10);
                unscaled /= 10;
            }
            c[--end] = '.';
            writeDigits(c, end, unscaled, digits - scale);
        } else {
            c[n++] = '0';
            c[n++] = '.';
            for (int i = digits; i < scale; i++) {
                c[n++] = '0';
            }
            n += digits;
            writeDigits(c, n, unscaled, digits);
        }
        g.writeNumber(c, 0, n);
    }

    /** Writes the {@code count} last digits of {@code value} so that they end before {@code end}. */
    private static void writeDigits(char[] c, int end, long value, int count) {
        for (int i = 0; i < count; i++) {
            c[--end] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** @return the decimal digits of a value of 0 or more: 1 for 0 */
    private static int digitCount(long value) {
        int digits = 1;
        for (long limit = 10; digits < 19 && value >= limit; limit *= 10) {
            digits++;
        }
        return digits;
    }

    /**
     * Writes {@link Instant#toString()} without its formatter's garbage: {@code yyyy-MM-ddTHH:mm:ss},
     * a fraction of 3, 6 or 9 digits when not zero, {@code Z}. Years outside 0000-9999 take
     * {@code toString()}.
     */
    private void writeInstant(JsonGenerator g, Instant t) throws IOException {
        long seconds = t.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400L);
        if (days < MIN_FAST_DAY || days > MAX_FAST_DAY) {
            g.writeString(t.toString());
            return;
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        byte[] b = text;
        int n = date(b, 0, LocalDate.ofEpochDay(days));
        b[n++] = 'T';
        n = twoDigits(b, n, secondOfDay / 3600);
        b[n++] = ':';
        n = twoDigits(b, n, secondOfDay / 60 % 60);
        b[n++] = ':';
        n = twoDigits(b, n, secondOfDay % 60);
        n = fraction(b, n, t.getNano());
        b[n++] = 'Z';
        g.writeRawUTF8String(b, 0, n);
    }

    /**
     * Writes {@link LocalDateTime#toString()}: {@code yyyy-MM-ddTHH:mm}, then {@code :ss} unless
     * seconds and nanoseconds are zero, then a fraction of 3, 6 or 9 digits when not zero. Years
     * outside 0000-9999 take {@code toString()}.
     */
    private void writeLocalDateTime(JsonGenerator g, LocalDateTime t) throws IOException {
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            g.writeString(t.toString());
            return;
        }
        byte[] b = text;
        int n = date(b, 0, t.toLocalDate());
        b[n++] = 'T';
        n = twoDigits(b, n, t.getHour());
        b[n++] = ':';
        n = twoDigits(b, n, t.getMinute());
        int second = t.getSecond();
        int nano = t.getNano();
        if (second > 0 || nano > 0) {
            b[n++] = ':';
            n = twoDigits(b, n, second);
            n = fraction(b, n, nano);
        }
        g.writeRawUTF8String(b, 0, n);
    }

    /** Writes {@link LocalDate#toString()}; years outside 0000-9999 take {@code toString()}. */
    private void writeLocalDate(JsonGenerator g, LocalDate d) throws IOException {
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            g.writeString(d.toString());
            return;
        }
        int n = date(text, 0, d);
        g.writeRawUTF8String(text, 0, n);
    }

    /** {@code yyyy-MM-dd} for a year of 0000-9999. @return the index after it */
    private static int date(byte[] b, int at, LocalDate date) {
        int year = date.getYear();
        b[at] = (byte) ('0' + year / 1000);
        b[at + 1] = (byte) ('0' + year / 100 % 10);
        b[at + 2] = (byte) ('0' + year / 10 % 10);
        b[at + 3] = (byte) ('0' + year % 10);
        b[at + 4] = '-';
        twoDigits(b, at + 5, date.getMonthValue());
        b[at + 7] = '-';
        return twoDigits(b, at + 8, date.getDayOfMonth());
    }

    /** {@code .} and 3, 6 or 9 digits, as {@code java.time} prints them; nothing for 0. @return the index after it */
    private static int fraction(byte[] b, int at, int nano) {
        if (nano == 0) {
            return at;
        }
        int digits = nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
        int value = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1000 : nano;
        b[at++] = '.';
        for (int i = at + digits - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + digits;
    }

    private static int twoDigits(byte[] b, int at, int value) {
        b[at] = (byte) ('0' + value / 10);
        b[at + 1] = (byte) ('0' + value % 10);
        return at + 2;
    }

    private void writeMap(JsonGenerator g, Map<?, ?> m) throws IOException {
        if (m instanceof Row row) { // the SPI's array-backed row: no entry objects
            writeRow(g, row);
            return;
        }
        for (Object key : m.keySet()) {
            if (!(key instanceof String)) {
                OTHER.writeValue(g, m); // keys of other types: the mapper's key serializers decide
                return;
            }
        }
        g.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            g.writeFieldName((String) e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    private void writeRow(JsonGenerator g, Row row) throws IOException {
        RowLayout layout = row.layout();
        SerializedString[] names = namesOf(layout);
        g.writeStartObject();
        for (int i = 0, n = row.size(); i < n; i++) {
            if (names != null && names[i] != null) {
                g.writeFieldName(names[i]);
            } else {
                g.writeFieldName(layout.column(i));
            }
            writeValue(g, row.value(i));
        }
        g.writeEndObject();
    }

    /**
     * The encoded column names of a layout this writer has met before, or null the first time
     * (a layout that comes once, a JSON object of its own shape, is not worth encoding). A pull's
     * rows and the JSON objects in them take turns, so the last few layouts met once are kept.
     */
    private SerializedString[] namesOf(RowLayout layout) {
        for (int i = 0; i < LAYOUTS; i++) {
            if (layouts[i] == layout) {
                return layoutNames[i];
            }
        }
        int seen = -1;
        for (int i = 0; i < LAYOUTS; i++) {
            if (metOnce[i] == layout) {
                seen = i;
            }
        }
        if (seen < 0) {
            metOnce[nextMetOnceSlot] = layout;
            nextMetOnceSlot = (nextMetOnceSlot + 1) % LAYOUTS;
            return null;
        }
        metOnce[seen] = null;
        SerializedString[] names = new SerializedString[layout.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = encoded(layout.column(i));
        }
        int slot = nextLayoutSlot;
        nextLayoutSlot = (slot + 1) % LAYOUTS;
        layouts[slot] = layout;
        layoutNames[slot] = names;
        return names;
    }

    /**
     * @return the string quoted and encoded once, or null when it holds a surrogate: the generator
     *     escapes each half of a pair (an emoji becomes 12 characters), a {@link SerializedString}
     *     encodes the pair as 4 bytes of UTF-8
     */
    private static SerializedString encoded(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return null;
            }
        }
        return new SerializedString(s);
    }

    /** A string that repeats record after record (a vertical), quoted and encoded once. */
    private static final class Constant {
        private String value;
        private SerializedString encoded;

        void write(JsonGenerator g, String s) throws IOException {
            if (s != value && !s.equals(value)) {
                value = s;
                encoded = encoded(s);
            }
            if (encoded != null) {
                g.writeString(encoded);
            } else {
                g.writeString(s);
            }
        }
    }
}
