package com.qanatix.micrometer;

import com.qanatix.core.CollectingSink;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.core.testing.Rows;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class QanatixMetricsTest {
    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final String dataset = "metrics-" + UUID.randomUUID();
    private QanatixMetrics metrics;
    private Qanatix qx;

    @BeforeEach
    void start() {
        ListSourceProvider.dataset(dataset, Rows.products(7, Instant.EPOCH));
    }

    @AfterEach
    void close() {
        if (qx != null) {
            qx.close();
        }
    }

    private void open(QanatixMetrics.Builder builder) {
        metrics = builder.build();
        qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).sink(new CollectingSink())
                .listener(metrics).build();
        metrics.connectorsFrom(qx.connectors());
    }

    private String connector(String name) {
        return qx.connectors().create(ConnectorSpec.builder().name(name).connectorType(ListSourceProvider.TYPE)
                .vertical("retail").entityType("product").query("all")
                .connectionConfig(Map.of("dataset", dataset, "password", "s3cret-pw")).build()).id();
    }

    private Tags tags(String connector, String status) {
        return Tags.of("connector", connector, "type", ListSourceProvider.TYPE, "status", status);
    }

    @Test
    void aCompletedPullCountsThePullItsRecordsAndItsDuration() {
        open(QanatixMetrics.builder(registry));
        String id = connector("products");

        assertThat(qx.pull(id).status()).isEqualTo(PullStatus.COMPLETED);
        assertThat(qx.pull(id).status()).isEqualTo(PullStatus.COMPLETED);

        Tags completed = tags("products", "completed");
        assertThat(registry.get(QanatixMetrics.PULLS).tags(completed).counter().count()).isEqualTo(2.0);
        assertThat(registry.get(QanatixMetrics.PULL_DURATION).tags(completed).timer().count()).isEqualTo(2);
        assertThat(registry.get(QanatixMetrics.RECORDS_PULLED).tags(completed).counter().count()).isEqualTo(14.0);
        assertThat(registry.get(QanatixMetrics.RECORDS_INGESTED).tags(completed).counter().count()).isEqualTo(7.0);
        assertThat(registry.get(QanatixMetrics.DUPLICATES_SKIPPED).tags(completed).counter().count()).isEqualTo(7.0);
        assertThat(registry.get(QanatixMetrics.PULLS_ACTIVE).tags("connector", "products").gauge().value())
                .isEqualTo(0.0);
    }

    @Test
    void aFailedPullIsCountedUnderStatusFailed() {
        open(QanatixMetrics.builder(registry));
        String id = connector("flaky");
        ListSourceProvider.failAfter(dataset, 3);
        try {
            assertThat(qx.pull(id).status()).isEqualTo(PullStatus.FAILED);
        } finally {
            ListSourceProvider.failAfter(dataset, -1);
        }

        Tags failed = tags("flaky", "failed");
        assertThat(registry.get(QanatixMetrics.PULLS).tags(failed).counter().count()).isEqualTo(1.0);
        assertThat(registry.find(QanatixMetrics.PULLS).tags("status", "completed").counter()).isNull();
        // No completed pull yet: no lag to report.
        assertThat(registry.find(QanatixMetrics.WATERMARK_LAG).gauge()).isNull();
    }

    @Test
    void watermarkLagIsNowMinusTheStartOfTheLastCompletedPull() {
        open(QanatixMetrics.builder(registry));
        String id = connector("lagging");
        Instant before = Instant.now();
        qx.pull(id);
        clock.add(Duration.ofMillis(before.toEpochMilli() - clock.wallTime()).plusMinutes(10));

        double lag = registry.get(QanatixMetrics.WATERMARK_LAG).tags("connector", "lagging").gauge().value();
        // The mock clock is 10 minutes after 'before'; the pull started at most a moment after it.
        assertThat(lag).isBetween(600.0 - 5, 600.0);
    }

    @Test
    void rowsOnlyTheLookbackCaughtAreCounted() {
        open(QanatixMetrics.builder(registry));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ListSourceProvider.dataset(dataset, Rows.products(5, t0.plusSeconds(60)));
        String id = qx.connectors().create(ConnectorSpec.builder().name("late").connectorType(ListSourceProvider.TYPE)
                .vertical("retail").entityType("product").query("all").watermarkColumn("updated_at")
                .connectionConfig(Map.of("dataset", dataset)).build()).id();
        assertThat(qx.pull(id).recordsIngested()).isEqualTo(5);

        java.util.List<Map<String, Object>> withLateRow = new java.util.ArrayList<>(Rows.products(5, t0.plusSeconds(60)));
        withLateRow.add(Rows.product(6, "committed late", t0.plusSeconds(30))); // stamped before the last max
        ListSourceProvider.dataset(dataset, withLateRow);
        assertThat(qx.pull(id).recordsIngested()).isEqualTo(1);

        assertThat(registry.get(QanatixMetrics.LATE_ROWS).tags("connector", "late").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aPullInFlightShowsInTheActiveGauge() throws Exception {
        open(QanatixMetrics.builder(registry));
        String id = connector("slow");
        CountDownLatch gate = new CountDownLatch(1);
        ListSourceProvider.holdNextSource(dataset, gate);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> pull = pool.submit(() -> qx.pull(id));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (registry.find(QanatixMetrics.PULLS_ACTIVE).tags("connector", "slow").gauge() == null
                    || registry.get(QanatixMetrics.PULLS_ACTIVE).tags("connector", "slow").gauge().value() < 1) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(5);
            }
            gate.countDown();
            pull.get(10, TimeUnit.SECONDS);
        } finally {
            gate.countDown();
            pool.shutdownNow();
        }
        assertThat(registry.get(QanatixMetrics.PULLS_ACTIVE).tags("connector", "slow").gauge().value()).isEqualTo(0.0);
    }

    @Test
    void theConnectorTagCanBeTheIdAndNoTagCarriesConfiguration() {
        open(QanatixMetrics.builder(registry).connectorTag(QanatixMetrics.ConnectorTag.ID));
        String id = connector("by-id");
        qx.pull(id);

        assertThat(registry.get(QanatixMetrics.PULLS).tags(tags(id, "completed")).counter().count()).isEqualTo(1.0);
        registry.getMeters().forEach(m -> m.getId().getTags().forEach(t -> {
            assertThat(t.getKey()).isIn("connector", "type", "status");
            assertThat(t.getValue()).doesNotContain("s3cret").doesNotContain(dataset);
        }));
    }

    @Test
    void configuredPercentilesArePublished() {
        open(QanatixMetrics.builder(registry).percentiles(0.5, 0.99));
        String id = connector("timed");
        qx.pull(id);

        Timer timer = registry.get(QanatixMetrics.PULL_DURATION).tags(tags("timed", "completed")).timer();
        assertThat(timer.takeSnapshot().percentileValues()).extracting(ValueAtPercentile::percentile)
                .containsExactly(0.5, 0.99);
    }

    @Test
    void scheduledRunsSkippedAndConsecutiveFailuresAreCountedPerConnector() {
        open(QanatixMetrics.builder(registry));
        String id = connector("scheduled");
        metrics.scheduledRunSkipped(id, "still pulling", Instant.EPOCH);
        metrics.scheduledRunSkipped(id, "still pulling", Instant.EPOCH);
        metrics.nextRunScheduled(id, Instant.EPOCH, 3);

        Tags tags = Tags.of("connector", "scheduled", "type", ListSourceProvider.TYPE);
        assertThat(registry.get(QanatixMetrics.RUNS_SKIPPED).tags(tags).counter().count()).isEqualTo(2.0);
        assertThat(registry.get(QanatixMetrics.CONSECUTIVE_FAILURES).tags(tags).gauge().value()).isEqualTo(3.0);
    }
}
