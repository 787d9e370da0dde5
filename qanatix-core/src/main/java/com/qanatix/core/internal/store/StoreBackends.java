package com.qanatix.core.internal.store;

import com.qanatix.core.ConnectorStore;

import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Reaches the {@link StoreBackend} behind a {@link ConnectorStore} from the SDK's own packages
 * (the scheduler benchmark, tests of other modules). {@code ConnectorStore} registers the accessor
 * when its class initializes; hosts have no use for it.
 */
public final class StoreBackends {
    private static volatile Function<ConnectorStore, StoreBackend> access;
    private static volatile Function<StoreBackend, ConnectorStore> factory;

    private StoreBackends() {
    }

    /**
     * Called once, by {@code ConnectorStore}'s class initializer.
     *
     * @param accessor gives a store's backend
     */
    public static void register(Function<ConnectorStore, StoreBackend> accessor) {
        if (access != null) {
            throw new IllegalStateException("the store accessor is already registered");
        }
        access = requireNonNull(accessor, "accessor is null");
    }

    /**
     * Called once, by {@code ConnectorStore}'s class initializer.
     *
     * @param storeOf makes a store over a backend
     */
    public static void registerFactory(Function<StoreBackend, ConnectorStore> storeOf) {
        if (factory != null) {
            throw new IllegalStateException("the store factory is already registered");
        }
        factory = requireNonNull(storeOf, "storeOf is null");
    }

    /**
     * A store over a given backend: for the SDK's own tests, which wrap a real backend to inject
     * faults.
     *
     * @param backend the persistence
     * @return a store over it
     */
    public static ConnectorStore store(StoreBackend backend) {
        requireNonNull(backend, "backend is null");
        try {
            Class.forName(ConnectorStore.class.getName(), true, ConnectorStore.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return factory.apply(backend);
    }

    /**
     * @param store a store
     * @return the persistence behind it
     */
    public static StoreBackend of(ConnectorStore store) {
        requireNonNull(store, "store is null");
        return access.apply(store); // the store's class is initialized: it registered the accessor
    }
}
