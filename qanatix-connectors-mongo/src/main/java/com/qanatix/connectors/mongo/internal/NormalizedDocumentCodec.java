package com.qanatix.connectors.mongo.internal;

import com.qanatix.core.spi.RowLayout;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDbPointer;
import org.bson.BsonReader;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.UuidRepresentation;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.internal.UuidHelper;
import org.bson.types.Decimal128;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a document straight from the wire into the normalized types (see docs/types.md in the
 * repository), with no intermediate {@code BsonDocument}: ObjectId a hex {@code String}, Int32 and Int64 {@code Long},
 * Double, Decimal128 {@code BigDecimal} (NaN and infinities as {@code Double}), String, Boolean,
 * DateTime {@code Instant}, Timestamp a map {@code {"t": seconds, "i": increment}}, Binary
 * {@code byte[]} (UUID subtypes {@code java.util.UUID}: 4 standard, 3 Java legacy), documents
 * {@code Map} (field order kept), arrays {@code List}, Null and Undefined {@code null}; regular
 * expressions {@code /pattern/options}, JavaScript its code, Symbol its text, DBPointer
 * {@code namespace/id}, MinKey and MaxKey their names.
 *
 * <p>Top-level documents with the same field names in the same order as the one before share a
 * {@link RowLayout}, so the core hashes their names once. One instance per cursor: it remembers the
 * last layout, and a cursor decodes on one thread. Decoding only; it never encodes.
 */
public final class NormalizedDocumentCodec implements Codec<Map<String, Object>> {
    private RowLayout layout;
    private final List<String> names = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    @Override
    public Map<String, Object> decode(BsonReader reader, DecoderContext decoderContext) {
        names.clear();
        values.clear();
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            names.add(reader.readName());
            values.add(readValue(reader));
        }
        reader.readEndDocument();
        if (!sameNames(layout)) {
            try {
                layout = RowLayout.of(names);
            } catch (IllegalArgumentException duplicateField) {
                layout = null;
                return asMap(names, values); // BSON allows a field twice; the last value wins, as in the shell
            }
        }
        return layout.row(values.toArray());
    }

    private boolean sameNames(RowLayout candidate) {
        if (candidate == null || candidate.size() != names.size()) {
            return false;
        }
        for (int i = 0; i < names.size(); i++) {
            if (!candidate.column(i).equals(names.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> asMap(List<String> names, List<Object> values) {
        Map<String, Object> map = new LinkedHashMap<>((int) (names.size() / 0.75f) + 1);
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), values.get(i));
        }
        return map;
    }

    private static Map<String, Object> readDocument(BsonReader reader) {
        Map<String, Object> map = new LinkedHashMap<>();
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String name = reader.readName();
            map.put(name, readValue(reader));
        }
        reader.readEndDocument();
        return map;
    }

    private static List<Object> readArray(BsonReader reader) {
        List<Object> list = new ArrayList<>();
        reader.readStartArray();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            list.add(readValue(reader));
        }
        reader.readEndArray();
        return list;
    }

    /** Reads the value of the current type (after {@code readBsonType} and, in a document, {@code readName}). */
    private static Object readValue(BsonReader reader) {
        switch (reader.getCurrentBsonType()) {
            case NULL:
                reader.readNull();
                return null;
            case UNDEFINED:
                reader.readUndefined();
                return null;
            case OBJECT_ID:
                return reader.readObjectId().toHexString();
            case INT32:
                return (long) reader.readInt32();
            case INT64:
                return reader.readInt64();
            case DOUBLE:
                return reader.readDouble();
            case DECIMAL128:
                return decimal(reader.readDecimal128());
            case STRING:
                return reader.readString();
            case BOOLEAN:
                return reader.readBoolean();
            case DATE_TIME:
                return Instant.ofEpochMilli(reader.readDateTime());
            case TIMESTAMP: {
                BsonTimestamp t = reader.readTimestamp();
                Map<String, Object> m = new LinkedHashMap<>(4);
                m.put("t", (long) t.getTime());
                m.put("i", (long) t.getInc());
                return m;
            }
            case BINARY:
                return binary(reader.readBinaryData());
            case DOCUMENT:
                return readDocument(reader);
            case ARRAY:
                return readArray(reader);
            case REGULAR_EXPRESSION: {
                BsonRegularExpression r = reader.readRegularExpression();
                return "/" + r.getPattern() + "/" + r.getOptions();
            }
            case JAVASCRIPT:
                return reader.readJavaScript();
            case JAVASCRIPT_WITH_SCOPE: {
                String code = reader.readJavaScriptWithScope();
                readDocument(reader); // the scope: read past it
                return code;
            }
            case SYMBOL:
                return reader.readSymbol();
            case DB_POINTER: {
                BsonDbPointer p = reader.readDBPointer();
                return p.getNamespace() + "/" + p.getId().toHexString();
            }
            case MIN_KEY:
                reader.readMinKey();
                return "MinKey";
            case MAX_KEY:
                reader.readMaxKey();
                return "MaxKey";
            default:
                throw new org.bson.BsonInvalidOperationException("unsupported BSON type "
                        + reader.getCurrentBsonType());
        }
    }

    private static Object decimal(Decimal128 d) {
        if (d.isNaN()) {
            return Double.NaN;
        }
        if (d.isInfinite()) {
            return d.isNegative() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return d.bigDecimalValue();
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

    @Override
    public void encode(BsonWriter writer, Map<String, Object> value, EncoderContext encoderContext) {
        throw new UnsupportedOperationException("decoding only: the connector never writes documents");
    }

    @Override
    @SuppressWarnings("unchecked")
    public Class<Map<String, Object>> getEncoderClass() {
        return (Class<Map<String, Object>>) (Class<?>) Map.class;
    }
}
