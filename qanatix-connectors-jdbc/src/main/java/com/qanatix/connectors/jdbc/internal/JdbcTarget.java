package com.qanatix.connectors.jdbc.internal;

import java.time.Duration;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * Where and how to connect: the JDBC URL (never holding credentials), the driver properties
 * (which may), the dialect, and the timeouts. {@link #toString()} shows no property values. A target
 * never holds a driver option of {@link RefusedDriverOptions}.
 */
public final class JdbcTarget {
    private final SqlDialect dialect;
    private final String url;
    private final Properties properties;
    private final Duration queryTimeout;
    private final Duration connectTimeout;

    JdbcTarget(SqlDialect dialect, String url, Properties properties, Duration queryTimeout, Duration connectTimeout) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.url = requireNonNull(url, "url is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.queryTimeout = requireNonNull(queryTimeout, "queryTimeout is null");
        this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout is null");
        RefusedDriverOptions.check(url, properties);
    }

    /** @return the dialect */
    public SqlDialect dialect() {
        return dialect;
    }

    /** @return the JDBC URL */
    public String url() {
        return url;
    }

    /** @return a copy of the driver properties */
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /** @return the per-pull query timeout: from the start of the query to its last row */
    public Duration queryTimeout() {
        return queryTimeout;
    }

    /** @return how long connecting may take, the login included; zero for no limit */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public String toString() {
        return "JdbcTarget{" + dialect + ", " + url + ", properties=" + properties.stringPropertyNames() + "}";
    }
}
