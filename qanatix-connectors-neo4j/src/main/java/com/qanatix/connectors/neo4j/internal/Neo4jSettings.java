package com.qanatix.connectors.neo4j.internal;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.spi.ConnectorConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * A {@code neo4j} connector's {@code connection_config}, checked: where the server is, who to log
 * in as, which database to read, and how long to wait.
 *
 * <p>Error messages name the offending key and never quote a value of {@code uri} or
 * {@code password}.
 *
 * @param uri the server's URI, scheme lower-cased, without user info
 * @param user the user to log in as, empty for a server without authentication
 * @param password the user's password (empty when {@code user} is)
 * @param database the database to read
 * @param connectionTimeout how long to wait for a TCP connection
 * @param transactionTimeout the server-side limit on the read transaction, empty for the server's default
 */
public record Neo4jSettings(URI uri, Optional<String> user, String password, String database,
                            Duration connectionTimeout, Optional<Duration> transactionTimeout) {

    /** The URI schemes the driver understands: direct ({@code bolt}) or routed ({@code neo4j}), plain or TLS. */
    public static final Set<String> SCHEMES = Set.of("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc");
    static final String URI = "uri";
    static final String USER = "user";
    static final String PASSWORD = "password";
    static final String DATABASE = "database";
    static final String CONNECTION_TIMEOUT = "connection_timeout_seconds";
    static final String QUERY_TIMEOUT = "query_timeout_seconds";
    private static final Set<String> KNOWN_KEYS = Set.of(URI, USER, PASSWORD, DATABASE, CONNECTION_TIMEOUT,
            QUERY_TIMEOUT);
    /** Used when {@code database} is absent; naming it saves the driver a home-database lookup per session. */
    static final String DEFAULT_DATABASE = "neo4j";
    private static final long DEFAULT_CONNECTION_TIMEOUT_SECONDS = 30;

    /**
     * Checks the components.
     *
     * @param uri the server's URI, scheme lower-cased, without user info
     * @param user the user to log in as, empty for a server without authentication
     * @param password the user's password (empty when {@code user} is)
     * @param database the database to read
     * @param connectionTimeout how long to wait for a TCP connection
     * @param transactionTimeout the server-side limit on the read transaction, empty for the server's default
     */
    public Neo4jSettings {
        requireNonNull(uri, "uri is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(database, "database is null");
        requireNonNull(connectionTimeout, "connectionTimeout is null");
        requireNonNull(transactionTimeout, "transactionTimeout is null");
    }

    /**
     * Reads and checks a configuration without contacting the server.
     *
     * @param config the plaintext {@code connection_config}
     * @return the settings
     * @throws InvalidConfigException naming the key that is missing, unknown or malformed
     */
    public static Neo4jSettings from(ConnectorConfig config) {
        requireNonNull(config, "config is null");
        Set<String> unknown = new TreeSet<>(config.keys());
        unknown.removeAll(KNOWN_KEYS);
        if (!unknown.isEmpty()) {
            throw new InvalidConfigException("connection_config has unknown key(s) " + unknown
                    + " for connector type neo4j; known keys: " + new TreeSet<>(KNOWN_KEYS));
        }
        URI uri = parseUri(config.requireString(URI));
        Optional<String> user = config.optionalString(USER).filter(s -> !s.isBlank());
        Optional<String> password = config.optionalString(PASSWORD).filter(s -> !s.isEmpty());
        if (user.isPresent() && password.isEmpty()) {
            throw new InvalidConfigException("connection_config.password is required when connection_config.user is set");
        }
        if (user.isEmpty() && password.isPresent()) {
            throw new InvalidConfigException("connection_config.user is required when connection_config.password is set");
        }
        String database = config.optionalString(DATABASE).orElse(DEFAULT_DATABASE);
        if (database.isBlank()) {
            throw new InvalidConfigException("connection_config.database must not be blank (leave it out for '"
                    + DEFAULT_DATABASE + "')");
        }
        long connectionTimeout = config.getLong(CONNECTION_TIMEOUT, DEFAULT_CONNECTION_TIMEOUT_SECONDS);
        if (connectionTimeout < 1) {
            throw new InvalidConfigException("connection_config." + CONNECTION_TIMEOUT + " must be at least 1");
        }
        long queryTimeout = config.getLong(QUERY_TIMEOUT, 0);
        if (queryTimeout < 0) {
            throw new InvalidConfigException("connection_config." + QUERY_TIMEOUT
                    + " must be 0 (the server's default) or more");
        }
        return new Neo4jSettings(uri, user, password.orElse(""), database.trim(),
                Duration.ofSeconds(connectionTimeout),
                queryTimeout == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(queryTimeout)));
    }

    /** @return {@code host:port} of the URI, for messages (the URI holds no credentials) */
    public String address() {
        return uri.getHost() + ":" + (uri.getPort() == -1 ? 7687 : uri.getPort());
    }

    private static URI parseUri(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            // The text is never quoted: a malformed URI may still hold a password.
            throw new InvalidConfigException("connection_config.uri is not a valid URI (" + e.getReason()
                    + "); expected for example bolt://localhost:7687 or neo4j+s://host");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            throw new InvalidConfigException("connection_config.uri must use one of the schemes "
                    + new TreeSet<>(SCHEMES) + (scheme == null ? "" : ", not '" + scheme + "'")
                    + "; for example bolt://localhost:7687");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidConfigException("connection_config.uri must not contain credentials; "
                    + "set connection_config.user and connection_config.password instead");
        }
        if (uri.getHost() == null) {
            throw new InvalidConfigException("connection_config.uri has no host (or a malformed host or port); "
                    + "expected for example bolt://localhost:7687");
        }
        if (uri.getPort() > 65535) {
            throw new InvalidConfigException("connection_config.uri has a port out of range");
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/") || uri.getRawFragment() != null) {
            throw new InvalidConfigException("connection_config.uri must not have a path or fragment; "
                    + "name the database in connection_config.database");
        }
        boolean routed = scheme.toLowerCase(Locale.ROOT).startsWith("neo4j");
        if (uri.getRawQuery() != null && !routed) {
            throw new InvalidConfigException("connection_config.uri may carry a routing context (?key=value) "
                    + "only with the neo4j schemes, not with " + scheme);
        }
        try {
            return new URI(scheme.toLowerCase(Locale.ROOT), null, uri.getHost(), uri.getPort(), null,
                    uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new InvalidConfigException("connection_config.uri is not a valid URI (" + e.getReason() + ")");
        }
    }

    /** @return the settings without the password */
    @Override
    public String toString() {
        return "Neo4jSettings[uri=" + uri + ", user=" + user.orElse("") + ", database=" + database
                + ", connectionTimeout=" + connectionTimeout + ", transactionTimeout=" + transactionTimeout
                + ", password=***REDACTED***]";
    }
}
