package com.qanatix.core.spi;

import java.util.Optional;
import java.util.Set;

/**
 * A connector type: validates connector definitions of its type and opens sources for pulls.
 *
 * <p>Implementations are discovered with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/com.qanatix.core.spi.ConnectorProvider}) or registered explicitly with
 * {@code Qanatix.builder().provider(...)}. Two providers with the same {@link #connectorType()}
 * are an error when the {@code Qanatix} instance is built. A provider must have a public no-arg
 * constructor for discovery, and be safe to use from several threads (one instance serves every
 * connector of its type).
 *
 * <p>Capabilities are added to this interface later as default methods, so providers written
 * against this version keep working.
 */
public interface ConnectorProvider {

    /** @return the {@code connector_type} this provider serves, e.g. {@code postgresql} */
    String connectorType();

    /**
     * Names keys of {@code connection_config} whose values are secrets even if
     * {@link #nonSecretConfigKeys()} lists them. Every key not listed there is secret anyway; this
     * list is kept for providers written before that one. {@code password}, {@code token},
     * {@code secret}, {@code api_key} and similar names are always secret.
     *
     * @return secret key names; by default {@code password}
     */
    default Set<String> secretConfigKeys() {
        return Set.of("password");
    }

    /**
     * Names the keys of {@code connection_config}, at any depth (also inside a nested map such as
     * driver {@code properties}), whose values are not secrets: host, port, database, timeouts. The
     * value of every other key is a secret: the core masks it in everything it prints and removes
     * every secret string from error messages and log lines, as it removes passwords inside URIs
     * ({@code scheme://user:password@host}) whatever the key. A key is compared without case.
     *
     * @return non-secret key names; by default none, so every value is treated as a secret
     */
    default Set<String> nonSecretConfigKeys() {
        return Set.of();
    }

    /**
     * Checks a connector definition before anything is stored: required keys present, a DSN or URI
     * well formed, the query parseable, only known named parameters used. Must not contact the
     * server. Throws {@link com.qanatix.core.spi.InvalidConfigException} with a message that names the
     * field and never contains a secret.
     *
     * @param config the plaintext configuration
     * @param query the connector's query
     */
    void validate(ConnectorConfig config, String query);

    /**
     * Connects and starts the query. The returned source owns the connection; the core closes it
     * when the pull ends, whatever happened.
     *
     * @param context configuration, query, parameters and batch size of this pull
     * @return a streaming source
     * @throws com.qanatix.core.spi.SourceException when connecting or starting the query fails
     */
    RecordSource open(PullContext context);

    /**
     * The field that identifies a row when the connector sets no {@code source_id_column} and rows
     * have no {@code id} field, for example {@code _id} for MongoDB.
     *
     * @return the natural key field, if the source type has one
     */
    default Optional<String> naturalKeyField() {
        return Optional.empty();
    }

    /**
     * Whether pulls of this type read their source on a thread of their own by default, up to a
     * batch of rows ahead, so the server producing rows and the driver decoding them overlap with
     * dedup and the sink. Worth it where reading a row costs the client real work (a JDBC driver
     * parsing text columns); not where decoding is cheap and the extra thread only competes for
     * cores. The host can force it either way with {@code Qanatix.builder().readAhead(boolean)}.
     * A source read ahead is read by a thread other than the one that opened it.
     *
     * @return whether to read ahead unless the host says otherwise; by default false
     */
    default boolean readAhead() {
        return false;
    }
}
