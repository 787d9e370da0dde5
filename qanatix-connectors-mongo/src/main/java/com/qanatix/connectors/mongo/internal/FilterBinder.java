package com.qanatix.connectors.mongo.internal;

import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Puts the pull's parameters into a filter document: wherever a string value is {@code ":name"}
 * (at any depth, in documents and arrays), it becomes the parameter as a typed BSON value: a date
 * for an instant, a number for a number. The filter text is never spliced.
 */
public final class FilterBinder {
    private FilterBinder() {
    }

    /**
     * @param filter the parsed filter (not modified)
     * @param parameters values by name
     * @return a bound copy
     */
    public static BsonDocument bind(BsonDocument filter, Map<String, Object> parameters) {
        return (BsonDocument) bindValue(filter, parameters);
    }

    private static BsonValue bindValue(BsonValue value, Map<String, Object> parameters) {
        if (value.isString()) {
            String s = value.asString().getValue();
            if (s.length() > 1 && s.charAt(0) == ':' && parameters.containsKey(s.substring(1))) {
                return toBson(parameters.get(s.substring(1)));
            }
            return value;
        }
        if (value.isDocument()) {
            BsonDocument out = new BsonDocument();
            for (Map.Entry<String, BsonValue> e : value.asDocument().entrySet()) {
                out.put(e.getKey(), bindValue(e.getValue(), parameters));
            }
            return out;
        }
        if (value.isArray()) {
            BsonArray out = new BsonArray();
            for (BsonValue v : value.asArray()) {
                out.add(bindValue(v, parameters));
            }
            return out;
        }
        return value;
    }

    static BsonValue toBson(Object v) {
        if (v instanceof Instant t) {
            return new BsonDateTime(t.toEpochMilli());
        }
        if (v instanceof LocalDateTime t) {
            return new BsonDateTime(t.toInstant(ZoneOffset.UTC).toEpochMilli());
        }
        if (v instanceof LocalDate d) {
            return new BsonDateTime(d.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli());
        }
        if (v instanceof Long l) {
            return new BsonInt64(l);
        }
        if (v instanceof BigDecimal d) {
            return new BsonDecimal128(new Decimal128(d));
        }
        if (v instanceof Double d) {
            return new BsonDouble(d);
        }
        return new BsonString(String.valueOf(v));
    }
}
