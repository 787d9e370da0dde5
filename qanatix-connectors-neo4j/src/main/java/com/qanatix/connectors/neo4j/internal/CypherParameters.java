package com.qanatix.connectors.neo4j.internal;

import com.qanatix.core.spi.SourceException;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the pull's parameters into values the driver sends as Cypher types.
 *
 * <p>{@code $last_pull} is an {@code Instant} for time watermarks and becomes a Cypher
 * {@code DATETIME} in UTC, which compares by instant with any stored {@code DATETIME} (whatever its
 * zone); a {@code LocalDateTime} or {@code LocalDate} watermark stays local; {@code Long},
 * {@code Double} and {@code String} pass as they are; a {@code BigDecimal} (Cypher has no exact
 * decimal) becomes an {@code INTEGER} when integral and in range, a {@code FLOAT} otherwise.
 */
public final class CypherParameters {
    private CypherParameters() {
    }

    /**
     * @param parameters the pull's named parameters
     * @return the same names with driver-ready values
     * @throws SourceException for a value type Cypher has no parameter type for
     */
    public static Map<String, Object> of(Map<String, Object> parameters) {
        Map<String, Object> out = new LinkedHashMap<>();
        parameters.forEach((name, value) -> out.put(name, toCypher(name, value)));
        return out;
    }

    static Object toCypher(String name, Object value) {
        if (value == null || value instanceof Long || value instanceof Double || value instanceof String
                || value instanceof Boolean || value instanceof LocalDateTime || value instanceof LocalDate) {
            return value;
        }
        if (value instanceof Instant instant) {
            return instant.atZone(ZoneOffset.UTC);
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException notAnInteger) {
                return d.doubleValue();
            }
        }
        throw new SourceException("parameter $" + name + " holds a " + value.getClass().getSimpleName()
                + ", which has no Cypher parameter type; use a timestamp, date or number watermark");
    }
}
