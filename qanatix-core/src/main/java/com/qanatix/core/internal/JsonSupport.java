package com.qanatix.core.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;

/**
 * The one Jackson configuration of the SDK: {@code java.time} values as ISO-8601 strings, binary as
 * base64, decimals written plain. JSON text is read into the normalized types by
 * {@link com.qanatix.core.spi.JsonValueReader}.
 */
public final class JsonSupport {
    /** Shared, thread-safe mapper. */
    public static final ObjectMapper MAPPER = create();

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
