package com.qanatix.examples.demo;

import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.JsonLinesSink;
import com.qanatix.core.PullResult;
import com.qanatix.core.Qanatix;
import com.qanatix.crypto.MultiFernet;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The README's embedding example, kept here so that it compiles with the build. It needs
 * {@code CONNECTOR_ENCRYPTION_KEY} and a PostgreSQL DSN in {@code SHOP_DSN}; the demo does not run it.
 */
public final class EmbeddingExample {
    private EmbeddingExample() {
    }

    /**
     * Registers a connector, pulls it once, then every five minutes.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        // --- README snippet starts ---
        Qanatix qx = Qanatix.builder()                              // one per application; close() on shutdown
                .cipher(MultiFernet.fromEnvironment())              // CONNECTOR_ENCRYPTION_KEY
                .store(ConnectorStore.directory(Path.of("connectors"))) // or .jdbc(dataSource), .inMemory()
                .sink(new JsonLinesSink(Path.of("products.ndjson")))    // or your own RecordSink
                .build();
        Connector c = qx.connectors().create(ConnectorSpec.builder()
                .name("Products").connectorType("postgresql").vertical("retail").entityType("product")
                .config("dsn", System.getenv("SHOP_DSN"))           // encrypted before it is stored
                .query("SELECT id, name, sku, price, updated_at FROM products WHERE updated_at > :last_pull")
                .build());
        PullResult result = qx.pull(c.id());                        // now, on this thread
        System.out.println(result.toJson());                        // {"status":"completed",...}
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleWithFixedDelay(() -> qx.pull(c.id()), 5, 5, TimeUnit.MINUTES);
        // --- README snippet ends ---
    }
}
