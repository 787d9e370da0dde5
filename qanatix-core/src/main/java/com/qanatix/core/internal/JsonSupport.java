package com.qanatix.core.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;

/**
 * The one Jackson configuration of the SDK: {@code java.time} values as ISO-8601 strings, binary as
 * base64, decimals written plain. JSON text is read into the normalized types by
 * {@link com.qanatix.core.json.JsonValueReader}.
 *
 * <p>The mapper itself is mutable (its configuration can be changed), so it stays in this package;
 * other packages get the immutable {@link #READER} and {@link #WRITER} built from it.
 */
public final class JsonSupport {
    /** Shared, thread-safe mapper; mutable, so never handed out of this package. */
    static final ObjectMapper MAPPER = create();
    /** Reads JSON with the SDK's configuration; immutable and thread-safe. */
    public static final ObjectReader READER = MAPPER.reader();
    /** Writes JSON with the SDK's configuration; immutable and thread-safe. */
    public static final ObjectWriter WRITER = MAPPER.writer();

    private JsonSupport() {
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
