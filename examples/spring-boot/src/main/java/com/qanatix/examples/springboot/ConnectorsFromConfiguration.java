package com.qanatix.examples.springboot;

import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.Qanatix;
import com.qanatix.core.Schedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Creates the configured connectors at startup. A connector whose name is stored already (from an
 * earlier run: the store is the application's database) is kept, and only its schedule follows the
 * configuration, so restarts neither duplicate connectors nor lose their watermarks.
 */
@Component
public class ConnectorsFromConfiguration implements ApplicationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorsFromConfiguration.class);

    private final Qanatix qanatix;
    private final ExampleConnectors configured;

    /**
     * @param qanatix the auto-configured instance
     * @param configured the connectors in {@code application.yml}
     */
    public ConnectorsFromConfiguration(Qanatix qanatix, ExampleConnectors configured) {
        this.qanatix = qanatix;
        this.configured = configured;
    }

    @Override
    public void run(ApplicationArguments args) {
        Map<String, Connector> stored = qanatix.connectors().list().stream()
                .collect(Collectors.toMap(c -> c.definition().name(), Function.identity(), (a, b) -> a));
        for (ExampleConnectors.Definition d : configured.connectors()) {
            Connector existing = stored.get(d.name());
            if (existing == null) {
                ConnectorSpec.Builder spec = ConnectorSpec.builder().name(d.name()).connectorType(d.type())
                        .vertical(d.vertical()).entityType(d.entityType()).query(d.query())
                        .connectionConfig(d.connection()).sourceIdColumn(d.sourceIdColumn());
                if (d.watermarkColumn() != null) {
                    spec.watermarkColumn(d.watermarkColumn());
                }
                if (d.schedule() != null) {
                    spec.schedule(d.schedule());
                }
                Connector created = qanatix.connectors().create(spec.build());
                LOG.info("created connector {} ({}, {})", created.definition().name(),
                        created.definition().connectorType(), created.id());
            } else if (!Objects.equals(existing.definition().schedule().orElse(null), d.schedule())) {
                if (d.schedule() == null) {
                    qanatix.unschedule(existing.id());
                } else {
                    qanatix.schedule(existing.id(), Schedule.parse(d.schedule()));
                }
                LOG.info("connector {} now scheduled {}", d.name(), d.schedule());
            }
        }
    }
}
