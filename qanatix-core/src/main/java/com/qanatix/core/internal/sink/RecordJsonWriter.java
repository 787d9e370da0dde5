package com.qanatix.core.internal.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.qanatix.core.Record;
import com.qanatix.core.internal.JsonSupport;
import com.qanatix.core.spi.Row;
import com.qanatix.core.spi.RowLayout;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
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
 * <p>The normalized value types of {@link Record#data()} are written by hand, with the generator
 * calls {@link JsonSupport#WRITER} would make for them, so the output is byte for byte the mapper's
 * without its per-value serializer lookup; any other type goes through the mapper. Nothing here
 * flushes: the generator's buffer reaches its stream only when full, or when the caller flushes.
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

    private RecordJsonWriter() {
    }

    /**
     * Writes {@code {"name":…,"source_id":…,"vertical":…,"entity_type":…,"vertical_data":{…}}}.
     *
     * @param g the generator
     * @param r the record
     * @throws IOException if the generator's stream fails
     */
    public static void writeLine(JsonGenerator g, Record r) throws IOException {
        g.writeStartObject();
        g.writeFieldName(NAME);
        g.writeString(r.name());
        g.writeFieldName(SOURCE_ID);
        g.writeString(r.sourceId());
        g.writeFieldName(VERTICAL);
        g.writeString(r.vertical());
        g.writeFieldName(ENTITY_TYPE);
        g.writeString(r.entityType());
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
    public static void writeIngestRecord(JsonGenerator g, Record r) throws IOException {
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
    public static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l.longValue());
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Map<?, ?> m) {
            writeMap(g, m);
        } else if (v instanceof Instant t) {
            writeInstant(g, t);
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
     * Writes {@link Instant#toString()} without its formatter's garbage: {@code yyyy-MM-ddTHH:mm:ss},
     * a fraction of 3, 6 or 9 digits when not zero, {@code Z}. Years outside 0000-9999 take
     * {@code toString()}.
     */
    private static void writeInstant(JsonGenerator g, Instant t) throws IOException {
        long seconds = t.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400L);
        if (days < MIN_FAST_DAY || days > MAX_FAST_DAY) {
            g.writeString(t.toString());
            return;
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(days);
        char[] c = new char[30];
        int year = date.getYear();
        c[0] = (char) ('0' + year / 1000);
        c[1] = (char) ('0' + year / 100 % 10);
        c[2] = (char) ('0' + year / 10 % 10);
        c[3] = (char) ('0' + year % 10);
        c[4] = '-';
        two(c, 5, date.getMonthValue());
        c[7] = '-';
        two(c, 8, date.getDayOfMonth());
        c[10] = 'T';
        two(c, 11, secondOfDay / 3600);
        c[13] = ':';
        two(c, 14, secondOfDay / 60 % 60);
        c[16] = ':';
        two(c, 17, secondOfDay % 60);
        int n = 19;
        int nano = t.getNano();
        if (nano != 0) {
            int digits = nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
            int fraction = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1000 : nano;
            c[n++] = '.';
            for (int i = n + digits - 1; i >= n; i--) {
                c[i] = (char) ('0' + fraction % 10);
                fraction /= 10;
            }
            n += digits;
        }
        c[n++] = 'Z';
        g.writeString(c, 0, n);
    }

    private static final long MIN_FAST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long MAX_FAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private static void two(char[] c, int at, int value) {
        c[at] = (char) ('0' + value / 10);
        c[at + 1] = (char) ('0' + value % 10);
    }

    private static void writeMap(JsonGenerator g, Map<?, ?> m) throws IOException {
        if (m instanceof Row row) { // the SPI's array-backed row: no entry objects
            RowLayout layout = row.layout();
            g.writeStartObject();
            for (int i = 0, n = row.size(); i < n; i++) {
                g.writeFieldName(layout.column(i));
                writeValue(g, row.value(i));
            }
            g.writeEndObject();
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
}
