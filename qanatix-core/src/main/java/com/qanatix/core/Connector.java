package com.qanatix.core;

import com.qanatix.core.internal.ConnectorJson;
import com.qanatix.core.internal.SecretRedactor;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A stored connector: its {@link ConnectorDefinition} with the id and creation time the registry
 * gave it. It never holds credentials: those are stored encrypted, apart from it, and decrypted
 * only inside a running pull. {@link #toJson()} gives the QANATIX response shape with
 * {@code "connection_config": "***REDACTED***"}.
 */
public final class Connector {
    private final String id;
    private final Instant createdAt;
    private final ConnectorDefinition definition;

    /**
     * Makes a connector; the registry does when it creates one, the stores when they read one back.
     *
     * @param id the connector id (a UUID)
     * @param createdAt when it was created
     * @param definition its definition
     */
    public Connector(String id, Instant createdAt, ConnectorDefinition definition) {
        this.id = requireNonNull(id, "id is null");
        this.createdAt = requireNonNull(createdAt, "createdAt is null");
        this.definition = requireNonNull(definition, "definition is null");
    }

    /** @return the id (a UUID string) */
    public String id() {
        return id;
    }

    /** @return when the connector was created */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return the definition: name, type, query and the other settings it was created with */
    public ConnectorDefinition definition() {
        return definition;
    }

    /**
     * @param newSchedule the schedule expression, or null for none
     * @return a copy with another schedule
     */
    public Connector withSchedule(String newSchedule) {
        return new Connector(id, createdAt, definition.withSchedule(newSchedule));
    }

    /** @return the QANATIX response shape, {@code connection_config} redacted */
    public String toJson() {
        return ConnectorJson.writeConnector(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Connector c && id.equals(c.id) && createdAt.equals(c.createdAt)
                && definition.equals(c.definition);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** @return a one-line description, {@code connection_config} redacted */
    @Override
    public String toString() {
        return "Connector{id=" + id + ", name=" + definition.name() + ", connector_type=" + definition.connectorType()
                + ", connection_config=" + SecretRedactor.REDACTED + "}";
    }
}
