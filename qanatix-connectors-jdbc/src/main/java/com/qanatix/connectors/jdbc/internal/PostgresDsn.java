package com.qanatix.connectors.jdbc.internal;

import com.qanatix.core.spi.InvalidConfigException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a libpq-style DSN, {@code postgresql://user:password@host:5432,host2:5433/dbname?sslmode=require},
 * into a pgjdbc URL and properties. User and password are percent-decoded and go into properties,
 * never into the URL. libpq parameter names are translated ({@code connect_timeout} to
 * {@code connectTimeout}, {@code application_name} to {@code ApplicationName},
 * {@code target_session_attrs} to {@code targetServerType}); others pass through unchanged.
 * Error messages never quote the DSN.
 */
public final class PostgresDsn {
    private static final int DEFAULT_PORT = 5432;
    private static final Map<String, String> LIBPQ_TO_PGJDBC = Map.of(
            "connect_timeout", "connectTimeout",
            "application_name", "ApplicationName",
            "target_session_attrs", "targetServerType",
            "sslmode", "sslmode",
            "sslrootcert", "sslrootcert",
            "sslcert", "sslcert",
            "sslkey", "sslkey",
            "options", "options");

    private PostgresDsn() {
    }

    /**
     * @param dsn the DSN
     * @param queryTimeout the per-pull query timeout
     * @param connectTimeout the default connect timeout (the TCP connect and the login), unless the DSN
     *     sets {@code connect_timeout}
     * @return the target
     * @throws InvalidConfigException naming what is malformed, never echoing the DSN
     */
    public static JdbcTarget parse(String dsn, Duration queryTimeout, Duration connectTimeout) {
        String s = dsn.strip();
        String rest;
        if (s.startsWith("postgresql://")) {
            rest = s.substring("postgresql://".length());
        } else if (s.startsWith("postgres://")) {
            rest = s.substring("postgres://".length());
        } else {
            throw new InvalidConfigException("connection_config.dsn must start with postgresql:// or postgres://");
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        Properties props = new Properties();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            if (!user.isEmpty()) {
                props.setProperty("user", PercentDecoding.decode(user, "user"));
            }
            if (colon >= 0) {
                props.setProperty("password", PercentDecoding.decode(userInfo.substring(colon + 1), "password"));
            }
        }
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : PercentDecoding.decode(rest.substring(slash + 1), "database name");
        if (database.contains("/")) {
            throw new InvalidConfigException("connection_config.dsn has an invalid database name");
        }
        StringBuilder url = new StringBuilder("jdbc:postgresql://");
        if (hosts.isEmpty()) {
            throw new InvalidConfigException("connection_config.dsn names no host");
        }
        String[] hostList = hosts.split(",", -1);
        for (int i = 0; i < hostList.length; i++) {
            url.append(i == 0 ? "" : ",").append(hostAndPort(hostList[i]));
        }
        url.append('/');
        if (database.isEmpty()) {
            database = props.getProperty("user", "postgres");
        }
        url.append(java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        Map<String, String> params = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidConfigException("connection_config.dsn has a malformed query parameter (expected name=value)");
                }
                String name = PercentDecoding.decode(pair.substring(0, eq), "query parameters");
                String value = PercentDecoding.decode(pair.substring(eq + 1), "query parameters");
                params.put(name, value);
            }
        }
        props.setProperty("connectTimeout", Long.toString(connectTimeout.toSeconds()));
        for (Map.Entry<String, String> p : params.entrySet()) {
            String name = LIBPQ_TO_PGJDBC.getOrDefault(p.getKey(), p.getKey());
            String value = p.getValue();
            if (name.equals("targetServerType")) {
                value = switch (value) {
                    case "read-write", "primary" -> "primary";
                    case "read-only", "standby" -> "secondary";
                    case "prefer-standby" -> "preferSecondary";
                    default -> "any";
                };
            }
            if (name.equals("connectTimeout") && !value.matches("\\d{1,9}")) {
                throw new InvalidConfigException("connection_config.dsn: connect_timeout must be a number of seconds");
            }
            if (name.equals("user") || name.equals("password")) {
                throw new InvalidConfigException("connection_config.dsn: put the user and password before the host, "
                        + "not in query parameters");
            }
            props.setProperty(name, value);
        }
        // libpq's connect_timeout bounds the whole connection attempt (0: no limit), the login too.
        Duration connect = Duration.ofSeconds(Long.parseLong(props.getProperty("connectTimeout")));
        return new JdbcTarget(SqlDialect.POSTGRESQL, url.toString(), props, queryTimeout, connect);
    }

    private static String hostAndPort(String hostPort) {
        String host = hostPort;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new InvalidConfigException("connection_config.dsn has an unterminated IPv6 address");
            }
            host = hostPort.substring(0, close + 1);
            if (close + 1 < hostPort.length()) {
                if (hostPort.charAt(close + 1) != ':') {
                    throw new InvalidConfigException("connection_config.dsn has a malformed host");
                }
                port = hostPort.substring(close + 2);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                host = hostPort.substring(0, colon);
                port = hostPort.substring(colon + 1);
            }
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._\\-\\[\\]:%]+")) {
            throw new InvalidConfigException("connection_config.dsn has an empty or malformed host");
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new InvalidConfigException("connection_config.dsn has an invalid port (expected 1-65535)");
            }
        }
        return host + ":" + p;
    }
}
