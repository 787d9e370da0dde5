package com.qanatix.core.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.temporal.TemporalAmount;

/**
 * The one Jackson configuration of the SDK: {@code java.time} values as ISO-8601 strings, binary as
 * base64, decimals written plain, JSON read into the normalized types by {@link #readNormalized}.
 */
public final class JsonSupport {
    /** Shared, thread-safe mapper. */
    public static final ObjectMapper MAPPER = create();

    private JsonSupport() {
    }

    /**
     * Parses JSON into the normalized types: objects as {@code Map} (field order kept), arrays as
     * {@code List}, integers as {@code Long} (beyond its range {@code BigDecimal}), other numbers as
     * {@code BigDecimal}, strings, booleans, null.
     *
     * @param json JSON text
     * @return the value
     * @throws JsonProcessingException when it is not JSON
     */
    public static Object readNormalized(String json) throws JsonProcessingException {
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            return readNormalized(parser);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String source does no I/O
        }
    }

    private static Object readNormalized(JsonParser parser) throws IOException {
        // The streaming parser, building the normalized values in one pass: a third of the cost of
        // databind's untyped Object mapping plus a second walk to normalize (measured on the JDBC
        // benchmark's JSON column).
        {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new JsonParseException(parser, "no JSON value: the text is empty");
            }
            Object value = readValue(parser, first);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "unexpected text after the JSON value");
            }
            return value;
        }
    }

    private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                String field;
                while ((field = parser.nextFieldName()) != null) {
                    map.put(field, readValue(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken t;
                while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(readValue(parser, t));
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

    private static ObjectMapper create() {
        SimpleModule javaTime = new SimpleModule("qanatix-java-time");
        javaTime.addSerializer(TemporalAccessor.class, ToStringSerializer.instance);
        javaTime.addSerializer(TemporalAmount.class, ToStringSerializer.instance);
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerModule(javaTime);
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        return mapper;
    }
}
