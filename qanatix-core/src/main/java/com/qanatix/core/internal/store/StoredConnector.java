package com.qanatix.core.internal.store;

import com.qanatix.core.Connector;

import static java.util.Objects.requireNonNull;

/**
 * A connector as a {@link StoreBackend} keeps it: the definition and the Fernet token of its
 * {@code connection_config}. The token is the only form in which credentials are stored.
 *
 * @param connector the definition
 * @param encryptedConfig the Fernet token of the JSON {@code connection_config}
 */
public record StoredConnector(Connector connector, String encryptedConfig) {
    /**
     * Checks the fields.
     *
     * @param connector the definition
     * @param encryptedConfig the Fernet token of the JSON {@code connection_config}
     */
    public StoredConnector {
        requireNonNull(connector, "connector is null");
        requireNonNull(encryptedConfig, "encryptedConfig is null");
    }

    /** @return the connector's id */
    public String id() {
        return connector.id();
    }

    /** @return a redacted description */
    @Override
    public String toString() {
        return "StoredConnector{" + connector + "}";
    }
}
