package com.qanatix.spring.boot;

import com.qanatix.core.CollectingSink;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.spi.QanatixException;
import com.qanatix.core.RecordSink;
import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.core.testing.Rows;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import com.qanatix.micrometer.QanatixMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class QanatixAutoConfigurationTest {
    private static final String KEY = FernetKey.generate().encoded();

    private final String dataset = "starter-" + UUID.randomUUID();

    /** An application with a sink and a key: what every test but the failing ones starts from. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(QanatixAutoConfiguration.class))
            .withBean(CollectingSink.class, CollectingSink::new)
            .withPropertyValues("qanatix.encryption-keys=" + KEY);

    private String createConnector(Qanatix qx, String name, String schedule) {
        ListSourceProvider.dataset(dataset, Rows.products(5, Instant.EPOCH));
        ConnectorSpec.Builder spec = ConnectorSpec.builder().name(name).connectorType(ListSourceProvider.TYPE)
                .vertical("retail").entityType("product").query("all")
                .connectionConfig(Map.of("dataset", dataset, "password", "s3cret-pw"));
        if (schedule != null) {
            spec.schedule(schedule);
        }
        return qx.connectors().create(spec.build()).id();
    }

    @Test
    void theInstanceIsBuiltFromProperties(@TempDir Path dir) {
        Path store = dir.resolve("connectors");
        runner.withPropertyValues("qanatix.store=directory", "qanatix.directory=" + store,
                        "qanatix.scheduler.enabled=false")
                .run(context -> {
                    assertThat(context).hasSingleBean(Qanatix.class).hasSingleBean(ConnectorStore.class)
                            .doesNotHaveBean(QanatixSchedulerLifecycle.class);
                    Qanatix qx = context.getBean(Qanatix.class);
                    String id = createConnector(qx, "products", null);

                    assertThat(qx.pull(id).recordsIngested()).isEqualTo(5);
                    assertThat(context.getBean(CollectingSink.class).records()).hasSize(5);
                    // The directory store holds it, credentials encrypted with the configured key.
                    assertThat(Files.list(store).count()).isPositive();
                    assertThat(context.getBean(MultiFernet.class).primaryKey().encoded()).isEqualTo(KEY);
                });
    }

    @Test
    void theSchedulerPullsScheduledConnectorsAndStopsWhenTheContextCloses() {
        runner.withPropertyValues("qanatix.scheduler.tick=50ms").run(context -> {
            QanatixSchedulerLifecycle lifecycle = context.getBean(QanatixSchedulerLifecycle.class);
            assertThat(lifecycle.isRunning()).isTrue();
            Qanatix qx = context.getBean(Qanatix.class);
            CollectingSink sink = context.getBean(CollectingSink.class);
            createConnector(qx, "scheduled", "every 1s");

            await().atMost(Duration.ofSeconds(20)).until(() -> sink.records().size() >= 5);

            context.close();
            assertThat(lifecycle.isRunning()).isFalse();
            assertThatThrownBy(() -> qx.pull("any")).isInstanceOf(QanatixException.class).hasMessageContaining("closed");
        });
    }

    @Test
    void beansTheApplicationDefinesWin() {
        MultiFernet hostCipher = MultiFernet.of(FernetKey.generate());
        ConnectorStore hostStore = ConnectorStore.inMemory();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(QanatixAutoConfiguration.class))
                .withBean(CollectingSink.class, CollectingSink::new)
                .withBean(MultiFernet.class, () -> hostCipher)
                .withBean(ConnectorStore.class, () -> hostStore)
                .run(context -> {
                    // No key property: the host's cipher is used, not the environment.
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(MultiFernet.class)).isSameAs(hostCipher);
                    assertThat(context.getBean(ConnectorStore.class)).isSameAs(hostStore);
                });
        try (Qanatix own = Qanatix.builder().cipher(hostCipher).sink(new CollectingSink()).build()) {
            runner.withBean(Qanatix.class, () -> own).withPropertyValues("qanatix.scheduler.enabled=false")
                    .run(context -> assertThat(context.getBean(Qanatix.class)).isSameAs(own));
        }
        hostStore.close();
    }

    @Test
    void aMissingEncryptionKeyFailsStartupSayingWhatToSet() {
        assumeTrue(System.getenv(Qanatix.KEY_VARIABLE) == null, Qanatix.KEY_VARIABLE + " is set in this environment");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(QanatixAutoConfiguration.class))
                .withBean(CollectingSink.class, CollectingSink::new)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidConfigException.class)
                            .hasMessageContaining("no encryption key for connector credentials")
                            .hasMessageContaining("qanatix.encryption-keys")
                            .hasMessageContaining(Qanatix.KEY_VARIABLE);
                });
    }

    @Test
    void theKeyMayComeFromTheConnectorEncryptionKeyVariable() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(QanatixAutoConfiguration.class))
                .withBean(CollectingSink.class, CollectingSink::new)
                .withPropertyValues(Qanatix.KEY_VARIABLE + "=" + KEY, "qanatix.scheduler.enabled=false")
                .run(context -> assertThat(context.getBean(MultiFernet.class).primaryKey().encoded()).isEqualTo(KEY));
    }

    @Test
    void aMissingSinkOrDataSourceFailsStartupSayingWhatToDefine() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(QanatixAutoConfiguration.class))
                .withPropertyValues("qanatix.encryption-keys=" + KEY)
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("RecordSink bean"));
        runner.withPropertyValues("qanatix.store=jdbc")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("DataSource bean"));
    }

    @Test
    void metersCarryThePullsResultsWhenTheApplicationHasARegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withPropertyValues("qanatix.scheduler.enabled=false")
                .run(context -> {
                    assertThat(context).hasSingleBean(QanatixMetrics.class);
                    Qanatix qx = context.getBean(Qanatix.class);
                    String id = createConnector(qx, "metered", null);
                    qx.pull(id);
                    qx.pull(id);

                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    Tags completed = Tags.of("connector", "metered", "type", ListSourceProvider.TYPE,
                            "status", "completed");
                    assertThat(registry.get(QanatixMetrics.PULLS).tags(completed).counter().count()).isEqualTo(2.0);
                    assertThat(registry.get(QanatixMetrics.RECORDS_PULLED).tags(completed).counter().count())
                            .isEqualTo(10.0);
                    assertThat(registry.get(QanatixMetrics.RECORDS_INGESTED).tags(completed).counter().count())
                            .isEqualTo(5.0);
                    assertThat(registry.get(QanatixMetrics.DUPLICATES_SKIPPED).tags(completed).counter().count())
                            .isEqualTo(5.0);
                    assertThat(registry.get(QanatixMetrics.PULL_DURATION).tags(completed).timer().count())
                            .isEqualTo(2);
                    assertThat(registry.get(QanatixMetrics.WATERMARK_LAG).tags("connector", "metered").gauge().value())
                            .isBetween(0.0, 60.0);
                });
        runner.withPropertyValues("qanatix.scheduler.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(QanatixMetrics.class));
    }

    @Test
    void healthGoesDownWhenAScheduledConnectorFailedItsLastPulls() {
        runner.withPropertyValues("qanatix.scheduler.enabled=false", "qanatix.health.failure-threshold=3")
                .run(context -> {
                    Qanatix qx = context.getBean(Qanatix.class);
                    QanatixHealthIndicator health = context.getBean(QanatixHealthIndicator.class);
                    String id = createConnector(qx, "orders", "every 1h");
                    assertThat(qx.pull(id).status()).isEqualTo(PullStatus.COMPLETED);
                    assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

                    ListSourceProvider.failAfter(dataset, 1);
                    try {
                        qx.pull(id);
                        qx.pull(id);
                        assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
                        assertThat(qx.pull(id).status()).isEqualTo(PullStatus.FAILED);
                    } finally {
                        ListSourceProvider.failAfter(dataset, -1);
                    }

                    Health down = health.health(true);
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> orders = (Map<String, Object>) ((Map<String, Object>) down.getDetails()
                            .get("connectors")).get("orders");
                    assertThat(orders).containsEntry("consecutiveFailures", 3).containsEntry("lastStatus", "failed")
                            .containsEntry("id", id);
                    assertThat(down.toString()).doesNotContain("s3cret").doesNotContain(dataset);

                    assertThat(qx.pull(id).status()).isEqualTo(PullStatus.COMPLETED);
                    assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    void healthGoesDownWhenTheWatermarkLagPassesTheThreshold() {
        runner.withPropertyValues("qanatix.scheduler.enabled=false", "qanatix.health.max-watermark-lag=50ms")
                .run(context -> {
                    Qanatix qx = context.getBean(Qanatix.class);
                    String id = createConnector(qx, "stale", "every 1h");
                    qx.pull(id);
                    Thread.sleep(1100);
                    Health health = context.getBean(QanatixHealthIndicator.class).health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.toString()).contains("watermark lag");
                });
    }

    @Test
    void everyPullListenerBeanSeesEveryPull() {
        RecordingListener listener = new RecordingListener();
        runner.withBean(RecordingListener.class, () -> listener).withPropertyValues("qanatix.scheduler.enabled=false")
                .run(context -> {
                    Qanatix qx = context.getBean(Qanatix.class);
                    qx.pull(createConnector(qx, "listened", null));
                    assertThat(listener.finished).containsExactly(PullStatus.COMPLETED);
                    assertThat(context.getBean(RecordSink.class)).isInstanceOf(CollectingSink.class);
                });
    }

    /** A host's own listener bean. */
    static final class RecordingListener implements com.qanatix.core.PullListener {
        final java.util.List<PullStatus> finished = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void pullFinished(com.qanatix.core.PullInfo pull, com.qanatix.core.PullResult result) {
            finished.add(result.status());
        }
    }
}
