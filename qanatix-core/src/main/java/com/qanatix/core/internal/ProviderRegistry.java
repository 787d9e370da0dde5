package com.qanatix.core.internal;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.spi.QanatixException;
import com.qanatix.core.spi.ConnectorProvider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The connector types known to one {@code Qanatix} instance, by {@code connector_type}. */
public final class ProviderRegistry {
    private final Map<String, ConnectorProvider> byType;

    private ProviderRegistry(Map<String, ConnectorProvider> byType) {
        this.byType = Collections.unmodifiableMap(byType);
    }

    /**
     * Combines explicitly registered providers with those {@link ServiceLoader} finds. The same class
     * registered explicitly and discovered counts once; two classes claiming one type fail.
     *
     * @param explicit providers registered on the builder
     * @param discover whether to use {@link ServiceLoader}
     * @param loader the class loader to discover with
     * @return the registry
     * @throws QanatixException naming both classes when two providers claim one type
     */
    public static ProviderRegistry create(List<ConnectorProvider> explicit, boolean discover, ClassLoader loader) {
        Map<String, ConnectorProvider> byType = new TreeMap<>();
        List<ConnectorProvider> all = new ArrayList<>(explicit);
        if (discover) {
            try {
                for (ConnectorProvider p : ServiceLoader.load(ConnectorProvider.class, loader)) {
                    all.add(p);
                }
            } catch (ServiceConfigurationError e) {
                throw new QanatixException("a connector provider on the classpath could not be loaded: "
                        + e.getMessage(), e);
            }
        }
        for (ConnectorProvider p : all) {
            String type = p.connectorType();
            if (type == null || type.isBlank()) {
                throw new QanatixException(p.getClass().getName() + " returns no connector_type");
            }
            ConnectorProvider existing = byType.get(type);
            if (existing == null) {
                byType.put(type, p);
            } else if (existing.getClass() != p.getClass()) {
                throw new QanatixException("two connector providers claim connector_type '" + type + "': "
                        + existing.getClass().getName() + " and " + p.getClass().getName()
                        + "; remove one from the classpath or register providers explicitly with discovery off");
            }
        }
        return new ProviderRegistry(byType);
    }

    /**
     * @param type a connector type
     * @return its provider
     */
    public Optional<ConnectorProvider> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /**
     * @param type a connector type
     * @return its provider
     * @throws InvalidConfigException listing the known types when none serves it
     */
    public ConnectorProvider require(String type) {
        ConnectorProvider p = byType.get(type);
        if (p == null) {
            throw new InvalidConfigException("unknown connector_type '" + type + "'; known types: " + byType.keySet()
                    + ". Add the module that provides it (e.g. qanatix-connectors-jdbc) to the classpath.");
        }
        return p;
    }

    /** @return the known connector types, sorted */
    public List<String> types() {
        return List.copyOf(byType.keySet());
    }
}
