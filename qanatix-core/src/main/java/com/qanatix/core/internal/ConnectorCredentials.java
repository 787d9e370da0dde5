package com.qanatix.core.internal;

import com.qanatix.core.internal.store.StoredConnector;
import com.qanatix.core.spi.SourceException;
import com.qanatix.crypto.InvalidTokenException;
import com.qanatix.crypto.MultiFernet;

import java.util.Map;

/** Decrypts a stored connector's {@code connection_config}, inside a running pull only. */
final class ConnectorCredentials {
    private ConnectorCredentials() {
    }

    /**
     * @param cipher the instance's keys
     * @param stored the connector as stored
     * @return its plaintext configuration
     * @throws SourceException when none of the keys decrypts it
     */
    static Map<String, Object> decrypt(MultiFernet cipher, StoredConnector stored) {
        try {
            return ConnectorJson.readConfig(cipher.decrypt(stored.encryptedConfig()));
        } catch (InvalidTokenException e) {
            throw new SourceException("the connector's credentials cannot be decrypted with the configured keys; "
                    + "add the key they were encrypted with to CONNECTOR_ENCRYPTION_KEY (after the primary key)");
        }
    }
}
