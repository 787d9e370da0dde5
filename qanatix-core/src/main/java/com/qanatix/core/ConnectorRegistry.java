package com.qanatix.core;

import com.qanatix.core.internal.ConnectorJson;
import com.qanatix.core.internal.ProviderRegistry;
import com.qanatix.core.internal.SecretKeys;
import com.qanatix.core.internal.SecretRedactor;
import com.qanatix.core.internal.store.StoreBackend;
import com.qanatix.core.internal.store.StoredConnector;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.crypto.MultiFernet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Creates, reads and deletes connectors; obtained from {@link Qanatix#connectors()}.
 *
 * <p>{@link #create} validates the spec with its connector type's provider and encrypts
 * {@code connection_config} with the primary key before anything is stored. Thread-safe.
 */
public final class ConnectorRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRegistry.class);

    private final StoreBackend store;
    private final ProviderRegistry providers;
    private final MultiFernet cipher;
    private final Clock clock;
    private final Consumer<Connector> onSaved;
    private final Consumer<String> onDeleted;

    ConnectorRegistry(StoreBackend store, ProviderRegistry providers, MultiFernet cipher, Clock clock,
                      Consumer<Connector> onSaved, Consumer<String> onDeleted) {
        this.store = store;
        this.providers = providers;
        this.cipher = cipher;
        this.clock = clock;
        this.onSaved = onSaved;
        this.onDeleted = onDeleted;
    }

    /**
     * Validates and stores a connector; its credentials are encrypted before they are stored.
     *
     * @param spec the definition
     * @return the stored connector, without credentials
     * @throws InvalidConfigException when the type is unknown, or the provider rejects the config or
     *     query (the message names the field and holds no secret); nothing is stored then
     */
    public Connector create(ConnectorSpec spec) {
        requireNonNull(spec, "spec is null");
        ConnectorProvider provider = providers.require(spec.definition().connectorType());
        SecretRedactor redactor = SecretRedactor.forConfig(spec.connectionConfig(), SecretKeys.of(provider));
        try {
            provider.validate(ConnectorConfig.of(spec.connectionConfig()), spec.definition().query());
            java.util.Optional<String> keysQuery = spec.definition().deletes().flatMap(DeletionDetection::query);
            if (keysQuery.isPresent()) {
                provider.validate(ConnectorConfig.of(spec.connectionConfig()), keysQuery.get());
            }
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(redactor.redact(e.getMessage()));
        } catch (RuntimeException e) {
            throw new InvalidConfigException("connector_type '" + spec.definition().connectorType()
                    + "' rejected the connector: " + redactor.describe(e));
        }
        spec.definition().schedule().ifPresent(Schedule::parse);
        String token = cipher.encrypt(ConnectorJson.configBytes(spec.connectionConfig()));
        Connector connector = new Connector(UUID.randomUUID().toString(), clock.instant(), spec.definition());
        store.save(new StoredConnector(connector, token));
        LOG.info("created connector {} ({}, type {})", connector.id(), connector.definition().name(),
                connector.definition().connectorType());
        onSaved.accept(connector);
        return connector;
    }

    /**
     * @param id a connector id
     * @return the connector, if it exists
     */
    public Optional<Connector> get(String id) {
        requireNonNull(id, "id is null");
        return store.find(id).map(StoredConnector::connector);
    }

    /** @return every connector, oldest first */
    public List<Connector> list() {
        return store.list().stream().map(StoredConnector::connector).toList();
    }

    /**
     * Deletes a connector with its watermark and fingerprints.
     *
     * @param id a connector id
     * @return whether it existed
     */
    public boolean delete(String id) {
        requireNonNull(id, "id is null");
        boolean deleted = store.delete(id);
        if (deleted) {
            LOG.info("deleted connector {}", id);
            onDeleted.accept(id);
        }
        return deleted;
    }

    /**
     * Sets or removes a connector's schedule, keeping its credentials as stored.
     *
     * @param id the connector
     * @param schedule the schedule, or null for none
     * @return the updated connector
     * @throws ConnectorNotFoundException when it does not exist
     */
    Connector reschedule(String id, Schedule schedule) {
        StoredConnector stored = store.find(id).orElseThrow(() ->
                new ConnectorNotFoundException("no connector with id " + id));
        Connector updated = stored.connector().withSchedule(schedule == null ? null : schedule.toString());
        store.save(new StoredConnector(updated, stored.encryptedConfig()));
        onSaved.accept(updated);
        return updated;
    }

    /**
     * Re-encrypts every stored configuration under the primary key (after a new key was put first in
     * {@code CONNECTOR_ENCRYPTION_KEY}); afterwards the old keys can be removed.
     *
     * @return how many connectors were re-encrypted
     */
    public int rotateKeys() {
        int rotated = 0;
        for (StoredConnector stored : store.list()) {
            store.save(new StoredConnector(stored.connector(), cipher.rotate(stored.encryptedConfig())));
            rotated++;
        }
        LOG.info("re-encrypted the credentials of {} connectors under the primary key", rotated);
        return rotated;
    }
}
