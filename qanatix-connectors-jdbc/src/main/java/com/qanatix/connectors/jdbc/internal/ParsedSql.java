package com.qanatix.connectors.jdbc.internal;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A query with its named parameters replaced by JDBC placeholders.
 *
 * @param jdbcSql the SQL to prepare
 * @param parameterNames the name bound at each placeholder, in order (a name used twice appears twice)
 */
public record ParsedSql(String jdbcSql, List<String> parameterNames) {
    /**
     * Copies the names.
     *
     * @param jdbcSql the SQL to prepare
     * @param parameterNames the name bound at each placeholder
     */
    public ParsedSql {
        requireNonNull(jdbcSql, "jdbcSql is null");
        parameterNames = List.copyOf(parameterNames);
    }
}
