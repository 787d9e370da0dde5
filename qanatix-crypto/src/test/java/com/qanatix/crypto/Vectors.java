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

/** Reads the Fernet test vectors copied from the shared fernet-spec folder. */
final class Vectors {
    private Vectors() {
    }

    static JsonNode read(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/fernet-spec/" + name)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Instant time(JsonNode node) {
        return OffsetDateTime.parse(node.textValue()).toInstant();
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
