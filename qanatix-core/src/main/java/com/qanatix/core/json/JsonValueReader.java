package com.qanatix.core.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.qanatix.core.internal.JsonSupport;
import com.qanatix.core.spi.Row;
import com.qanatix.core.spi.RowLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For plugin authors whose source hands them JSON text (a JSON column, a document serialized as
 * text): reads one JSON value after another, row by row, into the normalized types of
 * {@code IngestRecord.data} that every built-in connector uses:
 * objects as {@code Map} (field order kept), arrays as {@code List}, integers as {@code Long}
 * (beyond its range {@code BigDecimal}), other numbers as {@code BigDecimal}, strings, booleans,
 * null; with one long-lived parser: Jackson's non-blocking
 * parser, fed each value in turn. A new parser per value costs about 640 bytes of parser state; on
 * small values that was most of the parse (measured: 904 against 264 bytes and 164 against 141 ns
 * for {@code {"color": "red", "weight_g": 123}}). Field names come back canonical, the same String
 * each row, and top-level objects with the previous one's field names share its
 * {@link RowLayout}: an array a value instead of a hash map.
 *
 * <p>Each value must be complete and alone: text after it, or a value cut short, is an
 * {@link IllegalArgumentException} whose message says what is wrong (wrap it in a
 * {@link com.qanatix.core.spi.SourceException} that names the column), after which the next read starts
 * with a fresh parser. One instance per column of one pull; not thread-safe.
 */
public final class JsonValueReader {
    private JsonParser parser;
    private ByteArrayFeeder feeder;
    private byte[] buffer = new byte[512];
    private RowLayout layout;
    private final List<String> names = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    /** A reader with no parser yet: the first value creates it, later values reuse it. */
    public JsonValueReader() {
    }

    /**
     * @param json JSON text
     * @return the normalized value
     * @throws IllegalArgumentException when it is not exactly one JSON value
     */
    public Object read(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        return read(utf8, 0, utf8.length);
    }

    /**
     * @param utf8 JSON text in UTF-8
     * @param offset where it starts
     * @param length its length in bytes
     * @return the normalized value
     * @throws IllegalArgumentException when it is not exactly one JSON value
     */
    public Object read(byte[] utf8, int offset, int length) {
        if (length + 1 > buffer.length) {
            buffer = new byte[Math.max(length + 1, buffer.length * 2)];
        }
        System.arraycopy(utf8, offset, buffer, 0, length);
        buffer[length] = ' '; // ends a top-level number, which would otherwise wait for more digits
        boolean done = false;
        try {
            if (parser == null) {
                parser = JsonSupport.READER.createNonBlockingByteArrayParser();
                feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
            }
            feeder.feedInput(buffer, 0, length + 1);
            JsonToken first = parser.nextToken();
            if (first == JsonToken.NOT_AVAILABLE) {
                throw new JsonParseException(parser, "no JSON value: the text is empty");
            }
            Object value = first == JsonToken.START_OBJECT ? readTopObject() : readValue(first);
            if (parser.nextToken() != JsonToken.NOT_AVAILABLE) {
                throw new JsonParseException(parser, "unexpected text after the JSON value");
            }
            done = true;
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array source does no I/O
        } finally {
            if (!done) {
                discardParser();
            }
        }
    }

    private void discardParser() {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                // nothing to release: the input is a byte array
            }
        }
        parser = null;
        feeder = null;
    }

    /**
     * A top-level object: as a {@link Row} of a layout shared with the previous value when the field
     * names are the same (a JSON column usually repeats its shape), else of a new layout.
     */
    private Map<String, Object> readTopObject() throws IOException {
        names.clear();
        values.clear();
        JsonToken t;
        while ((t = next()) == JsonToken.FIELD_NAME) {
            names.add(parser.currentName());
            values.add(readValue(next()));
        }
        if (t != JsonToken.END_OBJECT) {
            throw new JsonParseException(parser, "unexpected JSON token " + t + " in an object");
        }
        if (!sameNames()) {
            try {
                layout = RowLayout.of(names);
            } catch (IllegalArgumentException duplicateField) {
                layout = null; // a field named twice: the last value wins, as in a map
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    map.put(names.get(i), values.get(i));
                }
                return map;
            }
        }
        return layout.row(values.toArray());
    }

    private boolean sameNames() {
        if (layout == null || layout.size() != names.size()) {
            return false;
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String known = layout.column(i);
            if (name != known && !name.equals(known)) {
                return false;
            }
        }
        return true;
    }

    private Object readValue(JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                JsonToken t;
                while ((t = next()) == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    map.put(field, readValue(next()));
                }
                if (t != JsonToken.END_OBJECT) {
                    throw new JsonParseException(parser, "unexpected JSON token " + t + " in an object");
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken t;
                while ((t = next()) != JsonToken.END_ARRAY) {
                    list.add(readValue(t));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new BigDecimal(parser.getBigIntegerValue()) : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonParseException(parser, "unexpected JSON token " + token);
        }
    }

    /** The next token inside a value; running out of input there means the value was cut short. */
    private JsonToken next() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == JsonToken.NOT_AVAILABLE || t == null) {
            throw new JsonParseException(parser, "the JSON value ends too early");
        }
        return t;
    }
}
