package com.qanatix.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads the JSON fixtures under {@code src/test/resources/fernet-spec}. */
final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static JsonNode read(String name) {
        String resource = "/fernet-spec/" + name;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        if (list.isEmpty()) {
            throw new IllegalStateException("fixture array is empty");
        }
        return list;
    }

    static Instant instant(JsonNode isoOffsetDateTime) {
        return OffsetDateTime.parse(isoOffsetDateTime.asText()).toInstant();
    }

    static byte[] urlBase64(JsonNode text) {
        return Base64.getUrlDecoder().decode(text.asText());
    }

    static byte[] bytes(JsonNode intArray) {
        byte[] bytes = new byte[intArray.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) intArray.get(i).asInt();
        }
        return bytes;
    }

    static Clock clockAt(long epochSeconds) {
        return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
    }

    static ObjectMapper json() {
        return JSON;
    }
}
