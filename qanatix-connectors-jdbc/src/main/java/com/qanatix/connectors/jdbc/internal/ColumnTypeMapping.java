package com.qanatix.connectors.jdbc.internal;

import com.qanatix.core.spi.SourceException;
import com.qanatix.core.json.JsonValueReader;
import org.postgresql.PGResultSetMetaData;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Chooses, for each column of a result, the {@link ColumnReader} that yields its normalized type
 * (the full mapping, with its edge cases, is docs/types.md in the repository): integers as {@code Long}, exact numerics as {@code BigDecimal}, floating point as
 * {@code Double}, text as {@code String}, {@code Boolean}, {@code LocalDate}, {@code LocalTime},
 * {@code OffsetTime}, {@code LocalDateTime} (timestamps without time zone), {@code Instant}
 * (timestamps with time zone, and MySQL {@code TIMESTAMP}), {@code byte[]}, {@code UUID}, JSON as
 * {@code Map}/{@code List}, arrays as {@code List}, intervals as ISO-8601 duration strings. Values
 * are read in their own calendar: no time zone ever shifts them.
 */
public final class ColumnTypeMapping {
    private ColumnTypeMapping() {
    }

    /**
     * @param dialect the database
     * @param meta the result's metadata
     * @param column 1-based column
     * @param jsonColumns columns to parse as JSON whatever their declared type (MariaDB stores JSON as text)
     * @return the reader
     * @throws SQLException from the driver
     */
    public static ColumnReader readerFor(SqlDialect dialect, ResultSetMetaData meta, int column, Set<String> jsonColumns)
            throws SQLException {
        int type = meta.getColumnType(column);
        String typeName = meta.getColumnTypeName(column) == null ? ""
                : meta.getColumnTypeName(column).toLowerCase(Locale.ROOT);
        String label = meta.getColumnLabel(column);
        if (jsonColumns.contains(label)) {
            return new JsonColumnReader(label, false);
        }
        return switch (dialect) {
            case POSTGRESQL -> postgres(type, typeName, binaryFormat(meta, column), label);
            case MYSQL -> mysql(type, typeName, meta.getPrecision(column), label);
            case GENERIC -> generic(type, typeName, label);
        };
    }

    /** Whether pgjdbc receives the column in binary format (after {@code prepareThreshold} runs, or forced). */
    private static boolean binaryFormat(ResultSetMetaData meta, int column) throws SQLException {
        return meta.isWrapperFor(PGResultSetMetaData.class)
                && meta.unwrap(PGResultSetMetaData.class).getFormat(column) == 1;
    }

    private static ColumnReader postgres(int type, String typeName, boolean binary, String label) {
        switch (typeName) {
            case "int2", "int4", "int8", "oid":
                return ColumnTypeMapping::integer;
            case "numeric":
                return ResultSet::getBigDecimal;
            case "float4":
                return ColumnTypeMapping::float4;
            case "float8":
                return ColumnTypeMapping::float8;
            case "bool":
                return ColumnTypeMapping::bool;
            case "date":
                return (rs, i) -> rs.getObject(i, LocalDate.class);
            case "time":
                return (rs, i) -> rs.getObject(i, LocalTime.class);
            case "timetz":
                return (rs, i) -> rs.getObject(i, OffsetTime.class);
            case "timestamp":
                return (rs, i) -> rs.getObject(i, LocalDateTime.class);
            case "timestamptz":
                return binary ? postgresInstant(TimestampText::instantFromPostgresBinary)
                        : postgresInstant(TimestampText::instantWithOffset);
            case "interval":
                return ColumnTypeMapping::postgresInterval;
            case "bytea":
                return ResultSet::getBytes;
            case "uuid":
                return (rs, i) -> rs.getObject(i, UUID.class);
            case "json", "jsonb":
                return new JsonColumnReader(label, true);
            default:
                break;
        }
        if (type == Types.ARRAY) {
            boolean jsonElements = typeName.equals("_json") || typeName.equals("_jsonb");
            boolean instants = typeName.equals("_timestamptz");
            return (rs, i) -> array(rs.getArray(i), jsonElements, instants);
        }
        return ResultSet::getString; // text, varchar, bpchar, name, enums, inet, cidr, money, xml, ...
    }

    private static ColumnReader mysql(int type, String typeName, int precision, String label) {
        if (typeName.equals("json")) {
            return new JsonColumnReader(label, false);
        }
        if (typeName.equals("bigint unsigned")) {
            return ColumnTypeMapping::unsignedBigint;
        }
        if (typeName.equals("timestamp")) {
            // The session runs in UTC, so the wall time read is UTC.
            return (rs, i) -> {
                LocalDateTime t = mysqlDateTime(rs, i);
                return t == null ? null : t.toInstant(ZoneOffset.UTC);
            };
        }
        if (typeName.equals("datetime")) {
            return ColumnTypeMapping::mysqlDateTime;
        }
        if (type == Types.DECIMAL || type == Types.NUMERIC) {
            return ColumnTypeMapping::mysqlDecimal;
        }
        if (typeName.equals("year")) {
            return ColumnTypeMapping::integer;
        }
        if (typeName.equals("time")) {
            return ColumnTypeMapping::mysqlTime;
        }
        if (type == Types.BIT) {
            return precision <= 1 ? ColumnTypeMapping::bool : ColumnTypeMapping::bits;
        }
        return generic(type, typeName, label);
    }

    private static ColumnReader generic(int type, String typeName, String label) {
        if (typeName.equals("json")) {
            return new JsonColumnReader(label, false);
        }
        switch (type) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT:
                return ColumnTypeMapping::integer;
            case Types.NUMERIC, Types.DECIMAL:
                return ResultSet::getBigDecimal;
            case Types.REAL:
                return ColumnTypeMapping::float4;
            case Types.FLOAT, Types.DOUBLE:
                return ColumnTypeMapping::float8;
            case Types.BOOLEAN, Types.BIT:
                return ColumnTypeMapping::bool;
            case Types.DATE:
                return (rs, i) -> rs.getObject(i, LocalDate.class);
            case Types.TIME:
                return (rs, i) -> rs.getObject(i, LocalTime.class);
            case Types.TIME_WITH_TIMEZONE:
                return (rs, i) -> rs.getObject(i, OffsetTime.class);
            case Types.TIMESTAMP:
                return (rs, i) -> rs.getObject(i, LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return ColumnTypeMapping::offsetInstant;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB:
                return ResultSet::getBytes;
            case Types.ARRAY:
                return (rs, i) -> array(rs.getArray(i), false, false);
            case Types.OTHER, Types.JAVA_OBJECT:
                return ColumnTypeMapping::other;
            default:
                return ResultSet::getString;
        }
    }

    private static Object integer(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return v == 0 && rs.wasNull() ? null : v;
    }

    private static Object float8(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return v == 0 && rs.wasNull() ? null : v;
    }

    /** A 4-byte float widened through its shortest decimal form: 1.1 stays 1.1, not 1.100000023841858. */
    private static Object float4(ResultSet rs, int i) throws SQLException {
        float v = rs.getFloat(i);
        return v == 0 && rs.wasNull() ? null : Double.parseDouble(Float.toString(v));
    }

    private static Object bool(ResultSet rs, int i) throws SQLException {
        boolean v = rs.getBoolean(i);
        return !v && rs.wasNull() ? null : v;
    }

    /** A timestamptz read from the driver's raw bytes where they are in the common form, else by the driver. */
    private static ColumnReader postgresInstant(Function<byte[], Instant> fromBytes) {
        return (rs, i) -> {
            byte[] bytes = rs.getBytes(i);
            if (bytes == null) {
                return null;
            }
            Instant fast = fromBytes.apply(bytes);
            return fast != null ? fast : offsetInstant(rs, i);
        };
    }

    /**
     * A MySQL DATETIME or TIMESTAMP from its text where it is in the common form, else by the
     * driver (zero dates, which it turns into null; the binary rows of server-side prepared statements).
     */
    private static LocalDateTime mysqlDateTime(ResultSet rs, int i) throws SQLException {
        byte[] bytes = rs.getBytes(i);
        if (bytes == null) {
            return null;
        }
        LocalDateTime fast = TimestampText.localDateTime(bytes);
        return fast != null ? fast : rs.getObject(i, LocalDateTime.class);
    }

    /** A MySQL DECIMAL from its text where it has at most 18 digits, else by the driver. */
    private static Object mysqlDecimal(ResultSet rs, int i) throws SQLException {
        byte[] bytes = rs.getBytes(i);
        if (bytes == null) {
            return null;
        }
        BigDecimal fast = DecimalText.parse(bytes);
        return fast != null ? fast : rs.getBigDecimal(i);
    }

    private static Object offsetInstant(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /**
     * MySQL TIME is a duration from -838:59:59 to 838:59:59: a {@code LocalTime} when it is a time of
     * day, an ISO-8601 duration string ({@code PT838H59M59S}, {@code -PT1H0M0S}) otherwise.
     */
    private static Object mysqlTime(ResultSet rs, int i) throws SQLException {
        String text = rs.getString(i);
        if (text == null) {
            return null;
        }
        boolean negative = text.startsWith("-");
        String[] parts = (negative ? text.substring(1) : text).split(":");
        long hours = Long.parseLong(parts[0]);
        if (!negative && hours < 24) {
            return LocalTime.parse(String.format("%02d:%s:%s", hours, parts[1], parts[2]));
        }
        BigDecimal seconds = new BigDecimal(parts[2]).stripTrailingZeros();
        return (negative ? "-" : "") + "PT" + hours + "H" + Long.parseLong(parts[1]) + "M"
                + seconds.toPlainString() + "S";
    }

    /** BIGINT UNSIGNED: a Long where it fits, a BigDecimal above Long.MAX_VALUE. */
    private static Object unsignedBigint(ResultSet rs, int i) throws SQLException {
        BigDecimal v = rs.getBigDecimal(i);
        if (v == null) {
            return null;
        }
        return v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 ? (Object) v.longValueExact() : v;
    }

    /** BIT(n) with n &gt; 1: the bits as an unsigned number. */
    private static Object bits(ResultSet rs, int i) throws SQLException {
        byte[] b = rs.getBytes(i);
        return b == null ? null : new BigInteger(1, b).longValue();
    }

    private static Object other(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        if (v == null || v instanceof UUID || v instanceof String) {
            return v;
        }
        if (v instanceof byte[] b) {
            return b;
        }
        return v.toString();
    }

    /** An interval as ISO-8601 ({@code P1Y2M3DT4H5M6.5S}); PostgreSQL keeps months, days and time apart, so does this. */
    private static Object postgresInterval(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        if (v == null) {
            return null;
        }
        if (v instanceof org.postgresql.util.PGInterval pg) {
            StringBuilder sb = new StringBuilder("P");
            if (pg.getYears() != 0) {
                sb.append(pg.getYears()).append('Y');
            }
            if (pg.getMonths() != 0) {
                sb.append(pg.getMonths()).append('M');
            }
            if (pg.getDays() != 0) {
                sb.append(pg.getDays()).append('D');
            }
            if (pg.getHours() != 0 || pg.getMinutes() != 0 || pg.getSeconds() != 0) {
                sb.append('T');
                if (pg.getHours() != 0) {
                    sb.append(pg.getHours()).append('H');
                }
                if (pg.getMinutes() != 0) {
                    sb.append(pg.getMinutes()).append('M');
                }
                if (pg.getSeconds() != 0) {
                    sb.append(BigDecimal.valueOf(pg.getSeconds()).stripTrailingZeros().toPlainString()).append('S');
                }
            }
            return sb.length() == 1 ? "PT0S" : sb.toString();
        }
        return v.toString();
    }

    private static Object array(Array array, boolean jsonElements, boolean instants) throws SQLException {
        if (array == null) {
            return null;
        }
        try {
            return list((Object[]) array.getArray(), jsonElements, instants);
        } finally {
            array.free();
        }
    }

    private static List<Object> list(Object[] elements, boolean jsonElements, boolean instants) {
        List<Object> out = new ArrayList<>(elements.length);
        for (Object e : elements) {
            out.add(element(e, jsonElements, instants));
        }
        return out;
    }

    private static Object element(Object e, boolean jsonElements, boolean instants) {
        if (e == null) {
            return null;
        }
        if (e instanceof Object[] nested) {
            return list(nested, jsonElements, instants);
        }
        if (e instanceof Integer || e instanceof Short || e instanceof Byte) {
            return ((Number) e).longValue();
        }
        if (e instanceof Float f) {
            return Double.parseDouble(Float.toString(f));
        }
        if (e instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (e instanceof java.sql.Timestamp t) {
            // pgjdbc builds array timestamps in the JVM's zone: toInstant is exact for timestamptz,
            // toLocalDateTime gives back the wall time for timestamp.
            return instants ? t.toInstant() : t.toLocalDateTime();
        }
        if (e instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        if (e instanceof Long || e instanceof Double || e instanceof BigDecimal || e instanceof String
                || e instanceof Boolean || e instanceof UUID || e instanceof byte[]) {
            if (jsonElements && e instanceof String s) {
                try {
                    return new JsonValueReader().read(s); // rare (json[] columns): a reader used once
                } catch (IllegalArgumentException ex) {
                    throw new SourceException("an array element holds invalid JSON: " + ex.getMessage());
                }
            }
            return e;
        }
        if (e instanceof Instant) {
            return e;
        }
        return e.toString();
    }
}
