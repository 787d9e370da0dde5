package com.qanatix.connectors.jdbc.internal;

/** The lexical rules and binding conventions that differ between the databases this module serves. */
public enum SqlDialect {
    /** PostgreSQL: E'' strings, dollar quotes, nested comments; a literal {@code ?} is written {@code ??} for pgjdbc. */
    POSTGRESQL,
    /** MySQL and MariaDB: backslash escapes in strings, backtick identifiers, {@code #} comments. */
    MYSQL,
    /** Any other JDBC database: standard SQL strings, identifiers and comments. */
    GENERIC
}
