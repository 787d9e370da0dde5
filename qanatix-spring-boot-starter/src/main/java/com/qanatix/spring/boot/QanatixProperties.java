package com.qanatix.spring.boot;

import com.qanatix.micrometer.QanatixMetrics;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code qanatix.*} properties the auto-configuration builds its beans from.
 */
@ConfigurationProperties("qanatix")
public class QanatixProperties {
    /**
     * Fernet keys that encrypt connector credentials, primary first (comma-separated or a list).
     * When empty, the CONNECTOR_ENCRYPTION_KEY environment variable (or property) is used.
     */
    private List<String> encryptionKeys = new ArrayList<>();
    /**
     * Without any key, encrypt with a random key that dies with the process (credentials stored with
     * it cannot be read after a restart). For local development only.
     */
    private boolean ephemeralDevKey;
    /** Where connectors, watermarks and fingerprints live. */
    private StoreType store = StoreType.MEMORY;
    /** The directory of qanatix.store=directory. */
    private Path directory;
    /** This instance's name in scheduling leases; random when unset. */
    private String instanceId;
    /**
     * Whether each pull reads its source on a thread of its own; unset, each connector type decides.
     */
    private Boolean readAhead;
    private final Scheduler scheduler = new Scheduler();
    private final Metrics metrics = new Metrics();
    private final Health health = new Health();

    /** @return the Fernet keys, primary first */
    public List<String> getEncryptionKeys() {
        return encryptionKeys;
    }

    /** @param encryptionKeys the Fernet keys, primary first */
    public void setEncryptionKeys(List<String> encryptionKeys) {
        this.encryptionKeys = encryptionKeys;
    }

    /** @return whether a throw-away key may be used when none is configured */
    public boolean isEphemeralDevKey() {
        return ephemeralDevKey;
    }

    /** @param ephemeralDevKey whether a throw-away key may be used when none is configured */
    public void setEphemeralDevKey(boolean ephemeralDevKey) {
        this.ephemeralDevKey = ephemeralDevKey;
    }

    /** @return the store type */
    public StoreType getStore() {
        return store;
    }

    /** @param store the store type */
    public void setStore(StoreType store) {
        this.store = store;
    }

    /** @return the directory store's directory, or null */
    public Path getDirectory() {
        return directory;
    }

    /** @param directory the directory store's directory */
    public void setDirectory(Path directory) {
        this.directory = directory;
    }

    /** @return the instance id, or null for a random one */
    public String getInstanceId() {
        return instanceId;
    }

    /** @param instanceId the instance id */
    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    /** @return whether pulls read ahead, or null to let each connector type decide */
    public Boolean getReadAhead() {
        return readAhead;
    }

    /** @param readAhead whether pulls read ahead */
    public void setReadAhead(Boolean readAhead) {
        this.readAhead = readAhead;
    }

    /** @return the scheduler settings */
    public Scheduler getScheduler() {
        return scheduler;
    }

    /** @return the metrics settings */
    public Metrics getMetrics() {
        return metrics;
    }

    /** @return the health settings */
    public Health getHealth() {
        return health;
    }

    /** Where connectors and their state are stored. */
    public enum StoreType {
        /** In memory: lost when the application stops. For tests and demos. */
        MEMORY,
        /** Files under {@code qanatix.directory}, for one application instance. */
        DIRECTORY,
        /** Tables in the application's {@code DataSource}, shared by every instance that uses it. */
        JDBC
    }

    /** {@code qanatix.scheduler.*}. */
    public static class Scheduler {
        /** Whether scheduled connectors are pulled: started with the context, stopped when it closes. */
        private boolean enabled = true;
        /** Scheduled pulls that may run at once. */
        private int workers = 4;
        /** How long a claimed run stays owned without renewal. */
        private Duration lease = Duration.ofSeconds(60);
        /** How long running pulls may finish when the context closes; then they fail and commit nothing. */
        private Duration gracePeriod = Duration.ofSeconds(30);
        /** How often due connectors are looked for. */
        private Duration tick = Duration.ofSeconds(1);
        /** How often the store is read again for connectors changed by other instances. */
        private Duration refresh = Duration.ofSeconds(30);
        /** First retry delay after a failed scheduled pull; doubled per failure up to backoff-cap. */
        private Duration backoffBase = Duration.ofSeconds(30);
        /** Longest retry delay after failed scheduled pulls. */
        private Duration backoffCap = Duration.ofHours(1);

        /** @return whether the scheduler runs */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the scheduler runs */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return scheduled pulls that may run at once */
        public int getWorkers() {
            return workers;
        }

        /** @param workers scheduled pulls that may run at once */
        public void setWorkers(int workers) {
            this.workers = workers;
        }

        /** @return the lease */
        public Duration getLease() {
            return lease;
        }

        /** @param lease the lease */
        public void setLease(Duration lease) {
            this.lease = lease;
        }

        /** @return the grace period */
        public Duration getGracePeriod() {
            return gracePeriod;
        }

        /** @param gracePeriod the grace period */
        public void setGracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
        }

        /** @return the tick */
        public Duration getTick() {
            return tick;
        }

        /** @param tick the tick */
        public void setTick(Duration tick) {
            this.tick = tick;
        }

        /** @return the refresh interval */
        public Duration getRefresh() {
            return refresh;
        }

        /** @param refresh the refresh interval */
        public void setRefresh(Duration refresh) {
            this.refresh = refresh;
        }

        /** @return the first retry delay */
        public Duration getBackoffBase() {
            return backoffBase;
        }

        /** @param backoffBase the first retry delay */
        public void setBackoffBase(Duration backoffBase) {
            this.backoffBase = backoffBase;
        }

        /** @return the longest retry delay */
        public Duration getBackoffCap() {
            return backoffCap;
        }

        /** @param backoffCap the longest retry delay */
        public void setBackoffCap(Duration backoffCap) {
            this.backoffCap = backoffCap;
        }
    }

    /** {@code qanatix.metrics.*}. */
    public static class Metrics {
        /** Whether pulls are recorded as Micrometer meters when the application has a MeterRegistry. */
        private boolean enabled = true;
        /** What the meters' connector tag holds: the connector's name, or its id where names repeat. */
        private QanatixMetrics.ConnectorTag connectorTag = QanatixMetrics.ConnectorTag.NAME;

        /** @return whether meters are recorded */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether meters are recorded */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return what the connector tag holds */
        public QanatixMetrics.ConnectorTag getConnectorTag() {
            return connectorTag;
        }

        /** @param connectorTag what the connector tag holds */
        public void setConnectorTag(QanatixMetrics.ConnectorTag connectorTag) {
            this.connectorTag = connectorTag;
        }
    }

    /** {@code qanatix.health.*}. */
    public static class Health {
        /** Failed pulls in a row after which a scheduled connector makes the health DOWN. */
        private int failureThreshold = 3;
        /**
         * Watermark lag (now minus the start of the last completed pull) beyond which a scheduled
         * connector makes the health DOWN; unset, lag is reported but not judged.
         */
        private Duration maxWatermarkLag;

        /** @return the failure threshold */
        public int getFailureThreshold() {
            return failureThreshold;
        }

        /** @param failureThreshold the failure threshold */
        public void setFailureThreshold(int failureThreshold) {
            this.failureThreshold = failureThreshold;
        }

        /** @return the largest healthy lag, or null */
        public Duration getMaxWatermarkLag() {
            return maxWatermarkLag;
        }

        /** @param maxWatermarkLag the largest healthy lag */
        public void setMaxWatermarkLag(Duration maxWatermarkLag) {
            this.maxWatermarkLag = maxWatermarkLag;
        }
    }
}
