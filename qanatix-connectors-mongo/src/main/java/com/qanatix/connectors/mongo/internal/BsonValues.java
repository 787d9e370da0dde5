package com.qanatix.connectors.mongo.internal;

import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.UuidRepresentation;
import org.bson.internal.UuidHelper;
import org.bson.types.Decimal128;


import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BSON to DESIGN.md's normalized types: ObjectId a hex {@code String}, Int32 and Int64 {@code Long},
 * Double, Decimal128 {@code BigDecimal} (NaN and infinities as {@code Double}), String, Boolean,
 * DateTime {@code Instant}, Timestamp a map {@code {"t": seconds, "i": increment}}, Binary
 * {@code byte[]} (UUID subtypes {@code java.util.UUID}: 4 standard, 3 Java legacy), documents
 * {@code Map} (field order kept), arrays {@code List}, Null and Undefined {@code null}; regular
 * expressions {@code /pattern/options}, JavaScript its code, Symbol its text, MinKey and MaxKey
 * their names.
 */
public final class BsonValues {
    private BsonValues() {
    }

    /**
     * @param document a document
     * @return its fields as a map, in order
     */
    public static Map<String, Object> toMap(BsonDocument document) {
        Map<String, Object> map = new LinkedHashMap<>((int) (document.size() / 0.75f) + 1);
        for (Map.Entry<String, BsonValue> e : document.entrySet()) {
            map.put(e.getKey(), toJava(e.getValue()));
        }
        return map;
    }

    /**
     * @param value a BSON value
     * @return the normalized Java value
     */
    public static Object toJava(BsonValue value) {
        switch (value.getBsonType()) {
            case NULL, UNDEFINED:
                return null;
            case OBJECT_ID:
                return value.asObjectId().getValue().toHexString();
            case INT32:
                return (long) value.asInt32().getValue();
            case INT64:
                return value.asInt64().getValue();
            case DOUBLE:
                return value.asDouble().getValue();
            case DECIMAL128: {
                Decimal128 d = value.asDecimal128().getValue();
                if (d.isNaN()) {
                    return Double.NaN;
                }
                if (d.isInfinite()) {
                    return d.isNegative() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
                return d.bigDecimalValue();
            }
            case STRING:
                return value.asString().getValue();
            case BOOLEAN:
                return value.asBoolean().getValue();
            case DATE_TIME:
                return Instant.ofEpochMilli(value.asDateTime().getValue());
            case TIMESTAMP: {
                BsonTimestamp t = value.asTimestamp();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("t", (long) t.getTime());
                m.put("i", (long) t.getInc());
                return m;
            }
            case BINARY:
                return binary(value.asBinary());
            case DOCUMENT:
                return toMap(value.asDocument());
            case ARRAY: {
                List<BsonValue> values = value.asArray().getValues();
                List<Object> list = new ArrayList<>(values.size());
                for (BsonValue v : values) {
                    list.add(toJava(v));
                }
                return list;
            }
            case REGULAR_EXPRESSION: {
                BsonRegularExpression r = value.asRegularExpression();
                return "/" + r.getPattern() + "/" + r.getOptions();
            }
            case JAVASCRIPT:
                return value.asJavaScript().getCode();
            case JAVASCRIPT_WITH_SCOPE:
                return value.asJavaScriptWithScope().getCode();
            case SYMBOL:
                return value.asSymbol().getSymbol();
            case DB_POINTER:
                return value.asDBPointer().getNamespace() + "/" + value.asDBPointer().getId().toHexString();
            case MIN_KEY:
                return "MinKey";
            case MAX_KEY:
                return "MaxKey";
            default:
                return value.toString();
        }
    }

    private static Object binary(BsonBinary b) {
        byte type = b.getType();
        if (type == BsonBinarySubType.UUID_STANDARD.getValue() && b.getData().length == 16) {
            return UuidHelper.decodeBinaryToUuid(b.getData(), type, UuidRepresentation.STANDARD);
        }
        if (type == BsonBinarySubType.UUID_LEGACY.getValue() && b.getData().length == 16) {
            return UuidHelper.decodeBinaryToUuid(b.getData(), type, UuidRepresentation.JAVA_LEGACY);
        }
        return b.getData();
    }

}
