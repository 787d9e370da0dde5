package com.qanatix.connectors.jdbc.internal;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.spi.ConnectorConfig;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** Builds the {@link JdbcTarget} of the {@code mysql} and {@code jdbc} connector types from their config. */
public final class JdbcTargets {
    private static final Set<String> SSL_MODES = Set.of("DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA",
            "VERIFY_IDENTITY");

    private JdbcTargets() {
    }

    /**
     * @param config {@code host, port, user, password, database, ssl_mode, properties}
     * @param queryTimeout the query timeout
     * @param connectTimeout the connect timeout
     * @return the target
     */
    public static JdbcTarget mysql(ConnectorConfig config, Duration queryTimeout, Duration connectTimeout) {
        String host = config.requireString("host");
        if (!host.matches("[A-Za-z0-9._\\-:\\[\\]]+")) {
            throw new InvalidConfigException("connection_config.host is malformed");
        }
        long port = config.getLong("port", 3306);
        if (port < 1 || port > 65535) {
            throw new InvalidConfigException("connection_config.port must be between 1 and 65535");
        }
        String database = config.requireString("database");
        if (!database.matches("[A-Za-z0-9_$\\-]+")) {
            throw new InvalidConfigException("connection_config.database must be a plain database name");
        }
        Properties props = new Properties();
        props.setProperty("user", config.requireString("user"));
        config.optionalString("password").ifPresent(p -> props.setProperty("password", p));
        // Faithful types: TINYINT(1) stays a number, YEAR a number; zero dates become NULL.
        props.setProperty("tinyInt1isBit", "false");
        props.setProperty("yearIsDateType", "false");
        props.setProperty("zeroDateTimeBehavior", "CONVERT_TO_NULL");
        // The session runs in UTC, so TIMESTAMP values read and :last_pull bound as UTC compare correctly.
        props.setProperty("connectionTimeZone", "UTC");
        props.setProperty("forceConnectionTimeZoneToSession", "true");
        props.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
        props.setProperty("useUnicode", "true");
        props.setProperty("characterEncoding", "UTF-8");
        config.optionalString("ssl_mode").ifPresent(mode -> {
            String m = mode.toUpperCase(Locale.ROOT);
            if (!SSL_MODES.contains(m)) {
                throw new InvalidConfigException("connection_config.ssl_mode must be one of " + SSL_MODES);
            }
            props.setProperty("sslMode", m);
        });
        for (Map.Entry<String, Object> e : config.getMap("properties").entrySet()) {
            props.setProperty(e.getKey(), String.valueOf(e.getValue()));
        }
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return new JdbcTarget(SqlDialect.MYSQL, "jdbc:mysql://" + hostPart + ":" + port + "/" + database, props,
                queryTimeout, connectTimeout);
    }

    /**
     * @param config {@code url, user, password, properties}
     * @param queryTimeout the query timeout
     * @param connectTimeout the connect timeout
     * @return the target
     */
    public static JdbcTarget generic(ConnectorConfig config, Duration queryTimeout, Duration connectTimeout) {
        String url = config.requireString("url");
        if (!url.startsWith("jdbc:") || url.indexOf(':', 5) < 0) {
            throw new InvalidConfigException("connection_config.url must be a JDBC URL (jdbc:<subprotocol>:...)");
        }
        Properties props = new Properties();
        for (Map.Entry<String, Object> e : config.getMap("properties").entrySet()) {
            props.setProperty(e.getKey(), String.valueOf(e.getValue()));
        }
        config.optionalString("user").ifPresent(u -> props.setProperty("user", u));
        config.optionalString("password").ifPresent(p -> props.setProperty("password", p));
        String lower = url.toLowerCase(Locale.ROOT);
        SqlDialect dialect = lower.startsWith("jdbc:postgresql:") ? SqlDialect.POSTGRESQL
                : lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:") ? SqlDialect.MYSQL
                : SqlDialect.GENERIC;
        return new JdbcTarget(dialect, url, props, queryTimeout, connectTimeout);
    }
}
