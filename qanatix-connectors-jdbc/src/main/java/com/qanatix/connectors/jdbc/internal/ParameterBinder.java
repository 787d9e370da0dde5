package com.qanatix.connectors.jdbc.internal;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Binds a named parameter's value with its type: an {@code Instant} as {@code timestamptz} for
 * PostgreSQL, as a UTC {@code DATETIME} for MySQL (whose session runs in UTC, so {@code DATETIME}
 * and {@code TIMESTAMP} columns compare correctly), as {@code TIMESTAMP WITH TIME ZONE} elsewhere;
 * numbers as numbers.
 */
final class ParameterBinder {
    private ParameterBinder() {
    }

    static void bind(PreparedStatement ps, int index, Object value, SqlDialect dialect) throws SQLException {
        if (value instanceof Instant instant) {
            if (dialect == SqlDialect.MYSQL) {
                ps.setObject(index, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
            } else {
                ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            }
        } else if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof BigDecimal d) {
            ps.setBigDecimal(index, d);
        } else if (value instanceof Double d) {
            ps.setDouble(index, d);
        } else if (value instanceof LocalDateTime t) {
            ps.setObject(index, t);
        } else if (value instanceof LocalDate d) {
            ps.setObject(index, d);
        } else if (value instanceof String s) {
            ps.setString(index, s);
        } else {
            ps.setObject(index, value);
        }
    }
}
