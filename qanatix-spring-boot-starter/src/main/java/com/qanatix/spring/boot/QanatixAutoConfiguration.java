package com.qanatix.spring.boot;

import com.qanatix.core.ConnectorStore;
import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.PullListener;
import com.qanatix.core.Qanatix;
import com.qanatix.core.RecordSink;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import com.qanatix.micrometer.QanatixMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.stream.Collectors;

/**
 * Builds one {@link Qanatix} from the {@code qanatix.*} properties ({@link QanatixProperties}), the
 * application's {@link RecordSink} bean and, for {@code qanatix.store=jdbc}, its {@link DataSource};
 * runs the scheduler with the context; records pulls as Micrometer meters when the application has
 * a {@link MeterRegistry}; contributes the {@code qanatix} health indicator when it has Actuator.
 * Every bean backs off when the application defines one of the same type.
 *
 * <p>Every {@link PullListener} bean sees every pull; every {@link ConnectorProvider} bean is
 * registered as a connector type, beside the types found on the class path; every
 * {@link QanatixBuilderCustomizer} bean adjusts the builder last.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@EnableConfigurationProperties(QanatixProperties.class)
public class QanatixAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(QanatixAutoConfiguration.class);

    /** Made by Spring. */
    public QanatixAutoConfiguration() {
    }

    /**
     * The keys connector credentials are encrypted with: {@code qanatix.encryption-keys}, else
     * {@code CONNECTOR_ENCRYPTION_KEY} from the environment (or any property source).
     *
     * @param properties the properties
     * @param environment the environment
     * @return the cipher
     * @throws InvalidConfigException when neither is set (and {@code qanatix.ephemeral-dev-key} is not)
     */
    @Bean
    @ConditionalOnMissingBean
    public MultiFernet qanatixCipher(QanatixProperties properties, Environment environment) {
        String keys = properties.getEncryptionKeys().stream().map(String::trim).filter(k -> !k.isEmpty())
                .collect(Collectors.joining(","));
        if (keys.isEmpty()) {
            keys = environment.getProperty(Qanatix.KEY_VARIABLE, "").trim();
        }
        if (!keys.isEmpty()) {
            return MultiFernet.fromKeyList(keys);
        }
        if (properties.isEphemeralDevKey()) {
            LOG.warn("*** USING AN EPHEMERAL DEV ENCRYPTION KEY *** neither qanatix.encryption-keys nor {} is set, "
                    + "so connector credentials are encrypted with a random key that dies with this process. "
                    + "Never do this in production.", Qanatix.KEY_VARIABLE);
            return MultiFernet.of(FernetKey.generate());
        }
        throw new InvalidConfigException("no encryption key for connector credentials: set the property "
                + "qanatix.encryption-keys or the environment variable " + Qanatix.KEY_VARIABLE
                + " (comma-separated Fernet keys, primary first; make one with FernetKey.generate().encoded()), "
                + "or define a MultiFernet bean; for local development only, qanatix.ephemeral-dev-key=true");
    }

    /**
     * The store {@code qanatix.store} names.
     *
     * @param properties the properties
     * @param dataSource the application's data source, for {@code jdbc}
     * @return the store, closed with the context
     * @throws InvalidConfigException when the chosen store lacks what it needs
     */
    @Bean
    @ConditionalOnMissingBean
    public ConnectorStore qanatixConnectorStore(QanatixProperties properties, ObjectProvider<DataSource> dataSource) {
        return switch (properties.getStore()) {
            case MEMORY -> ConnectorStore.inMemory();
            case DIRECTORY -> {
                if (properties.getDirectory() == null) {
                    throw new InvalidConfigException("qanatix.store=directory needs qanatix.directory: the "
                            + "directory connectors and their state are kept in");
                }
                yield ConnectorStore.directory(properties.getDirectory());
            }
            case JDBC -> {
                DataSource ds = dataSource.getIfUnique();
                if (ds == null) {
                    throw new InvalidConfigException("qanatix.store=jdbc needs one DataSource bean (for example "
                            + "from spring.datasource.url), or a ConnectorStore bean of your own");
                }
                yield ConnectorStore.jdbc(ds);
            }
        };
    }

    /**
     * Remembers how pulls ended, for the health indicator.
     *
     * @return the listener
     */
    @Bean
    @ConditionalOnMissingBean
    public PullOutcomes qanatixPullOutcomes() {
        return new PullOutcomes();
    }

    /**
     * The instance.
     *
     * @param properties the properties
     * @param cipher the credential keys
     * @param store the store
     * @param sinks the application's sink
     * @param listeners every pull listener bean
     * @param providers connector types defined as beans
     * @param customizers builder customizers
     * @param metrics the meters, when the application has a registry
     * @return the instance, closed with the context
     */
    @Bean
    @ConditionalOnMissingBean
    public Qanatix qanatix(QanatixProperties properties, MultiFernet cipher, ConnectorStore store,
                           ObjectProvider<RecordSink> sinks, ObjectProvider<PullListener> listeners,
                           ObjectProvider<ConnectorProvider> providers,
                           ObjectProvider<QanatixBuilderCustomizer> customizers,
                           ObjectProvider<QanatixMetrics> metrics) {
        RecordSink sink = sinks.getIfUnique();
        if (sink == null) {
            throw new InvalidConfigException("Qanatix needs one RecordSink bean, where pulled records go: define "
                    + "one (mark one @Primary if there are several), or a Qanatix bean of your own");
        }
        QanatixProperties.Scheduler s = properties.getScheduler();
        Qanatix.Builder builder = Qanatix.builder().cipher(cipher).store(store).sink(sink)
                .listener(PullListener.all(listeners.orderedStream().toList()))
                .schedulerWorkers(s.getWorkers()).schedulerLease(s.getLease())
                .schedulerGracePeriod(s.getGracePeriod()).schedulerTiming(s.getTick(), s.getRefresh())
                .schedulerBackoff(s.getBackoffBase(), s.getBackoffCap());
        if (properties.getInstanceId() != null) {
            builder.instanceId(properties.getInstanceId());
        }
        if (properties.getReadAhead() != null) {
            builder.readAhead(properties.getReadAhead());
        }
        providers.orderedStream().forEach(builder::provider);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        Qanatix qanatix = builder.build();
        metrics.ifAvailable(m -> m.connectorsFrom(qanatix.connectors()));
        return qanatix;
    }

    /**
     * Starts the scheduler with the context and stops it, gracefully, when the context closes.
     *
     * @param qanatix the instance
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "qanatix.scheduler.enabled", matchIfMissing = true)
    public QanatixSchedulerLifecycle qanatixSchedulerLifecycle(Qanatix qanatix) {
        return new QanatixSchedulerLifecycle(qanatix);
    }

    /** Meters, when the application has a Micrometer registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnBooleanProperty(name = "qanatix.metrics.enabled", matchIfMissing = true)
    static class MetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        QanatixMetrics qanatixMetrics(MeterRegistry registry, QanatixProperties properties) {
            return QanatixMetrics.builder(registry).connectorTag(properties.getMetrics().getConnectorTag()).build();
        }
    }

    /** The health indicator, when the application has Actuator's health support. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("qanatix")
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "qanatixHealthIndicator")
        QanatixHealthIndicator qanatixHealthIndicator(Qanatix qanatix, PullOutcomes outcomes,
                                                      QanatixProperties properties) {
            QanatixProperties.Health h = properties.getHealth();
            return new QanatixHealthIndicator(qanatix, outcomes, h.getFailureThreshold(), h.getMaxWatermarkLag(),
                    Clock.systemUTC());
        }
    }
}
