package com.qanatix.connectors.jdbc;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.spi.ConnectorConfig;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/** Settings every JDBC connector type reads from {@code connection_config}, beside its connection keys. */
final class JdbcSettings {
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofHours(1);

    /** Keys every JDBC type reads whose values are not secrets. */
    static final Set<String> NON_SECRET_KEYS = Set.of("connect_timeout_seconds", "query_timeout_seconds",
            "json_columns");

    /** Driver properties of pgjdbc and Connector/J that never hold a secret. */
    private static final Set<String> NON_SECRET_DRIVER_PROPERTIES = Set.of(
            // pgjdbc
            "ApplicationName", "sslmode", "connectTimeout", "loginTimeout", "socketTimeout", "tcpKeepAlive",
            "prepareThreshold", "defaultRowFetchSize", "currentSchema", "targetServerType", "stringtype",
            "assumeMinServerVersion", "reWriteBatchedInserts", "ssl",
            // Connector/J
            "sslMode", "useSSL", "requireSSL", "verifyServerCertificate", "connectionTimeZone",
            "forceConnectionTimeZoneToSession", "serverTimezone", "characterEncoding", "useUnicode",
            "zeroDateTimeBehavior", "tinyInt1isBit", "yearIsDateType", "useCursorFetch", "defaultFetchSize",
            "useCompression", "enabledTLSProtocols", "enabledSslCipherSuites", "trustCertificateKeyStoreUrl",
            "trustCertificateKeyStoreType", "clientCertificateKeyStoreUrl", "clientCertificateKeyStoreType",
            "allowPublicKeyRetrieval", "useServerPrepStmts", "cachePrepStmts");

    /** The {@code jdbc} type's non-secret keys. */
    static final Set<String> NON_SECRET_KEYS_WITH_USER = union(NON_SECRET_KEYS, Set.of("user"),
            NON_SECRET_DRIVER_PROPERTIES);

    /** The {@code mysql} type's non-secret keys. */
    static final Set<String> MYSQL_NON_SECRET_KEYS = union(NON_SECRET_KEYS,
            Set.of("host", "port", "user", "database", "ssl_mode"), NON_SECRET_DRIVER_PROPERTIES);

    private JdbcSettings() {
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new LinkedHashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }

    /** @return {@code connect_timeout_seconds}, default 10 */
    static Duration connectTimeout(ConnectorConfig config) {
        return seconds(config, "connect_timeout_seconds", DEFAULT_CONNECT_TIMEOUT);
    }

    /** @return {@code query_timeout_seconds}, default 3600 */
    static Duration queryTimeout(ConnectorConfig config) {
        return seconds(config, "query_timeout_seconds", DEFAULT_QUERY_TIMEOUT);
    }

    /** @return {@code json_columns}: result columns to parse as JSON whatever their declared type */
    static Set<String> jsonColumns(ConnectorConfig config) {
        Set<String> columns = new LinkedHashSet<>();
        for (Object o : config.getList("json_columns")) {
            if (!(o instanceof String s) || s.isBlank()) {
                throw new InvalidConfigException("connection_config.json_columns must be a list of column names");
            }
            columns.add(s);
        }
        return Set.copyOf(columns);
    }

    private static Duration seconds(ConnectorConfig config, String key, Duration fallback) {
        long s = config.getLong(key, fallback.toSeconds());
        if (s < 1) {
            throw new InvalidConfigException("connection_config." + key + " must be a positive number of seconds");
        }
        return Duration.ofSeconds(s);
    }
}
