package com.qanatix.core;

import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.core.testing.Rows;
import com.qanatix.core.testing.TestDatabase;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Host instances sharing one PostgreSQL-backed store: each due pull runs on exactly one of them. */
class MultiInstanceSchedulingTest {
    private static final Instant T0 = Instant.parse("2026-03-03T08:00:10Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(T0);
    private final MultiFernet cipher = MultiFernet.of(FernetKey.generate());
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private TestDatabase db;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<Qanatix> instances = new ArrayList<>();
    private final List<CollectingSink> sinks = new ArrayList<>();

    @BeforeEach
    void createDatabase() {
        db = TestDatabase.postgres();
    }

    @AfterEach
    void dropDatabase() {
        instances.forEach(Qanatix::close);
        pools.forEach(HikariDataSource::close);
        db.close();
    }

    private Qanatix instance(String name, Duration lease) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setMaximumPoolSize(6);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        CollectingSink sink = new CollectingSink();
        sinks.add(sink);
        Qanatix qx = Qanatix.builder().cipher(cipher).store(ConnectorStore.jdbc(pool)).sink(sink).clock(clock)
                .instanceId(name).schedulerWorkers(3).schedulerLease(lease).schedulerGracePeriod(Duration.ofMillis(100))
                .listener(new PullListener() {
                    @Override
                    public void pullFinished(PullInfo pull, PullResult result) {
                        if (result.isCompleted()) {
                            runs.computeIfAbsent(pull.connectorId(), k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                }).build();
        instances.add(qx);
        return qx;
    }

    private String connector(Qanatix qx, String dataset) {
        ListSourceProvider.dataset(dataset, Rows.products(4, T0));
        return qx.connectors().create(ConnectorSpec.builder().name(dataset).connectorType(ListSourceProvider.TYPE)
                .vertical("retail").entityType("product").query("all").connectionConfig(Map.of("dataset", dataset))
                .schedule("* * * * *").build()).id();
    }

    private void tickAll(List<Qanatix> which) {
        for (Qanatix qx : which) {
            qx.scheduler().tick(clock.instant());
        }
        for (Qanatix qx : which) {
            assertThat(qx.scheduler().awaitIdle(WAIT)).isTrue();
        }
    }

    @Test
    void overManyTicksEachDuePullRunsOnExactlyOneInstance() {
        Qanatix a = instance("host-a", Duration.ofMinutes(5));
        Qanatix b = instance("host-b", Duration.ofMinutes(5));
        Qanatix c = instance("host-c", Duration.ofMinutes(5));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(connector(i % 2 == 0 ? a : b, "ds-" + UUID.randomUUID()));
        }
        tickAll(List.of(a, b, c));
        int ticks = 15;
        for (int t = 1; t <= ticks; t++) {
            clock.advance(Duration.ofMinutes(1));
            // Vary who looks first, so every instance wins some claims.
            List<Qanatix> order = t % 3 == 0 ? List.of(a, b, c) : t % 3 == 1 ? List.of(c, a, b) : List.of(b, c, a);
            tickAll(order);
        }
        for (String id : ids) {
            assertThat(runs.get(id)).as(id).hasValue(ticks);
        }
        int committed = sinks.stream().mapToInt(s -> s.records().size()).sum();
        assertThat(committed).as("each record ingested once, on whichever instance pulled first").isEqualTo(8 * 4);
        Map<Integer, Integer> commitsPerInstance = new HashMap<>();
        for (int i = 0; i < sinks.size(); i++) {
            commitsPerInstance.put(i, sinks.get(i).commits());
        }
        assertThat(commitsPerInstance.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8 * ticks);
        assertThat(commitsPerInstance.values()).allMatch(n -> n > 0);
    }

    @Test
    void whenAnInstanceDiesMidPullAnotherTakesOverAfterTheLeaseAndNothingIsLostOrIngestedTwice()
            throws InterruptedException {
        // Leases expire by the database's clock: a short real lease, waited out for real.
        Duration lease = Duration.ofSeconds(2);
        Qanatix doomed = instance("host-doomed", lease);
        Qanatix survivor = instance("host-survivor", lease);
        String dataset = "ds-" + UUID.randomUUID();
        String id = connector(doomed, dataset);
        tickAll(List.of(doomed, survivor));

        ListSourceProvider.holdNextSource(dataset, new CountDownLatch(1)); // the doomed host's pull hangs
        clock.advance(Duration.ofMinutes(1));
        doomed.scheduler().tick(clock.instant());
        survivor.scheduler().tick(clock.instant());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ListSourceProvider.opened(dataset) < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(ListSourceProvider.opened(dataset)).as("the doomed host's pull started").isEqualTo(1);
        assertThat(runs.get(id)).isNull();

        // The doomed host stops renewing (it died). Within the lease nobody else runs the connector.
        clock.advance(Duration.ofMinutes(1));
        tickAll(List.of(survivor));
        assertThat(runs.get(id)).isNull();

        Thread.sleep(lease.toMillis() + 500);
        clock.advance(Duration.ofMinutes(2));
        tickAll(List.of(survivor));
        assertThat(runs.get(id)).hasValue(1);
        CollectingSink survivorSink = sinks.get(1);
        assertThat(survivorSink.records()).hasSize(4);

        doomed.close(); // its hung pull is aborted: it fails and commits nothing
        assertThat(sinks.get(0).records()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        tickAll(List.of(survivor));
        assertThat(runs.get(id)).hasValue(2);
        assertThat(survivorSink.records()).as("the re-pull finds only duplicates").hasSize(4);
    }
}
