package com.qanatix.connectors.neo4j.internal;

import com.qanatix.core.spi.SourceException;
import org.neo4j.driver.Value;
import org.neo4j.driver.types.IsoDuration;
import org.neo4j.driver.types.Node;
import org.neo4j.driver.types.Path;
import org.neo4j.driver.types.Point;
import org.neo4j.driver.types.Relationship;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns driver values into the SDK's normalized types, so that no driver class reaches a record
 * (the mapping of every source is docs/types.md in the repository).
 *
 * <table>
 * <caption>Cypher type to Java type</caption>
 * <tr><th>Cypher</th><th>Java</th></tr>
 * <tr><td>INTEGER</td><td>{@code Long}</td></tr>
 * <tr><td>FLOAT</td><td>{@code Double}</td></tr>
 * <tr><td>STRING, BOOLEAN</td><td>{@code String}, {@code Boolean}</td></tr>
 * <tr><td>LIST, MAP</td><td>{@code List<Object>}, {@code Map<String,Object>} (elements mapped likewise)</td></tr>
 * <tr><td>DATE, LOCAL TIME, LOCAL DATETIME</td><td>{@code LocalDate}, {@code LocalTime}, {@code LocalDateTime}</td></tr>
 * <tr><td>ZONED TIME</td><td>{@code OffsetTime}</td></tr>
 * <tr><td>ZONED DATETIME</td><td>{@code Instant} (the point in time; the offset or zone id is not kept)</td></tr>
 * <tr><td>DURATION</td><td>ISO-8601 {@code String}, e.g. {@code P14M3DT5.000000001S} (months and days are
 *     calendar units, so no {@code java.time.Duration} holds one exactly)</td></tr>
 * <tr><td>POINT</td><td>{@code Map} of {@code srid}, {@code x}, {@code y} and, in 3D, {@code z}</td></tr>
 * <tr><td>NODE</td><td>{@code Map} of its properties plus {@code _labels} ({@code List<String>}) and
 *     {@code _element_id}</td></tr>
 * <tr><td>RELATIONSHIP</td><td>{@code Map} of its properties plus {@code _type}, {@code _element_id},
 *     {@code _start_element_id} and {@code _end_element_id}</td></tr>
 * <tr><td>PATH</td><td>{@code List} of node and relationship maps in path order: node, relationship, node, ...</td></tr>
 * <tr><td>BYTE ARRAY</td><td>{@code byte[]}</td></tr>
 * <tr><td>NULL</td><td>{@code null}</td></tr>
 * </table>
 *
 * <p>The {@code _}-prefixed keys are written after the properties, so they win over a property of
 * the same name.
 */
public final class Neo4jValueMapper {
    /** Key of a node's labels. */
    public static final String LABELS = "_labels";
    /** Key of a node's or relationship's element id. */
    public static final String ELEMENT_ID = "_element_id";
    /** Key of a relationship's type. */
    public static final String TYPE = "_type";
    /** Key of a relationship's start node element id. */
    public static final String START_ELEMENT_ID = "_start_element_id";
    /** Key of a relationship's end node element id. */
    public static final String END_ELEMENT_ID = "_end_element_id";

    private Neo4jValueMapper() {
    }

    /**
     * @param value a driver value of a result column
     * @param column the column's name, for the error message
     * @return the normalized Java value
     * @throws SourceException for a type this mapping does not know (for example a vector)
     */
    public static Object map(Value value, String column) {
        return normalize(value.asObject(), column);
    }

    /** Maps what {@link Value#asObject()} returns, recursively. Most frequent types first. */
    static Object normalize(Object o, String column) {
        if (o == null || o instanceof String || o instanceof Long || o instanceof Double || o instanceof Boolean) {
            return o;
        }
        if (o instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (o instanceof OffsetDateTime z) {
            return z.toInstant();
        }
        if (o instanceof LocalDateTime || o instanceof LocalDate || o instanceof LocalTime
                || o instanceof OffsetTime || o instanceof byte[]) {
            return o;
        }
        if (o instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                out.add(normalize(element, column));
            }
            return Collections.unmodifiableList(out);
        }
        if (o instanceof Node node) {
            return node(node, column);
        }
        if (o instanceof Relationship relationship) {
            return relationship(relationship, column);
        }
        if (o instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>(capacity(map.size()));
            map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v, column)));
            return Collections.unmodifiableMap(out);
        }
        if (o instanceof Path path) {
            List<Object> out = new ArrayList<>(2 * path.length() + 1);
            out.add(node(path.start(), column));
            for (Path.Segment segment : path) {
                out.add(relationship(segment.relationship(), column));
                out.add(node(segment.end(), column));
            }
            return Collections.unmodifiableList(out);
        }
        if (o instanceof IsoDuration duration) {
            return duration.toString();
        }
        if (o instanceof Point point) {
            Map<String, Object> out = new LinkedHashMap<>(8);
            out.put("srid", (long) point.srid());
            out.put("x", point.x());
            out.put("y", point.y());
            if (!Double.isNaN(point.z())) {
                out.put("z", point.z());
            }
            return Collections.unmodifiableMap(out);
        }
        throw new SourceException("column '" + column + "' holds a value of type " + o.getClass().getSimpleName()
                + " that the neo4j connector does not map; convert it in the query's RETURN (e.g. toString(x))");
    }

    private static Map<String, Object> node(Node node, String column) {
        Map<String, Object> out = properties(node.asMap(), node.size() + 2, column);
        List<String> labels = new ArrayList<>();
        node.labels().forEach(labels::add);
        out.put(LABELS, Collections.unmodifiableList(labels));
        out.put(ELEMENT_ID, node.elementId());
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Object> relationship(Relationship relationship, String column) {
        Map<String, Object> out = properties(relationship.asMap(), relationship.size() + 4, column);
        out.put(TYPE, relationship.type());
        out.put(ELEMENT_ID, relationship.elementId());
        out.put(START_ELEMENT_ID, relationship.startNodeElementId());
        out.put(END_ELEMENT_ID, relationship.endNodeElementId());
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Object> properties(Map<String, Object> properties, int size, String column) {
        Map<String, Object> out = new LinkedHashMap<>(capacity(size));
        properties.forEach((k, v) -> out.put(k, normalize(v, column)));
        return out;
    }

    private static int capacity(int size) {
        return (int) (size / 0.75f) + 1;
    }
}
