package com.qanatix.core;

import com.qanatix.core.internal.scheduler.PullScheduler;
import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.core.testing.Rows;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler driven tick by tick with a hand-moved clock: no sleeps decide an outcome. */
class PullSchedulerTest {
    private static final Instant T0 = Instant.parse("2026-02-02T10:00:30Z");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final MutableClock clock = new MutableClock(T0);
    private final ConnectorStore store = ConnectorStore.inMemory();
    private final CollectingSink sink = new CollectingSink();
    private final Map<String, AtomicInteger> finished = new ConcurrentHashMap<>();
    private final List<String> skips = new CopyOnWriteArrayList<>();
    private final PullListener events = new PullListener() {
        @Override
        public void pullFinished(PullInfo pull, PullResult result) {
            finished.computeIfAbsent(pull.connectorId(), k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void scheduledRunSkipped(String connectorId, String reason, Instant nextRun) {
            skips.add(connectorId + ": " + reason);
        }
    };
    private Qanatix qx = build(4, Duration.ofSeconds(5));

    private Qanatix build(int workers, Duration grace) {
        return Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store).sink(sink).clock(clock)
                .listener(events).schedulerWorkers(workers).schedulerGracePeriod(grace)
                .schedulerBackoff(Duration.ofMinutes(2), Duration.ofMinutes(5)).build();
    }

    @AfterEach
    void tearDown() {
        qx.close();
    }

    private String connector(String dataset, String schedule) {
        ListSourceProvider.dataset(dataset, Rows.products(3, T0));
        return qx.connectors().create(ConnectorSpec.builder().name(dataset).connectorType(ListSourceProvider.TYPE)
                .vertical("retail").entityType("product").query("all").connectionConfig(Map.of("dataset", dataset))
                .schedule(schedule).build()).id();
    }

    private PullScheduler tickAt(Duration sinceT0) {
        clock.advance(Duration.between(clock.instant(), T0.plus(sinceT0)));
        PullScheduler s = qx.scheduler();
        s.tick(clock.instant());
        assertThat(s.awaitIdle(WAIT)).isTrue();
        return s;
    }

    /** Waits for the worker thread to open the source (it runs asynchronously to the tick). */
    private static void awaitOpened(String dataset, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ListSourceProvider.opened(dataset) < count && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(ListSourceProvider.opened(dataset)).isEqualTo(count);
    }

    private int runs(String id) {
        AtomicInteger n = finished.get(id);
        return n == null ? 0 : n.get();
    }

    @Test
    void aConnectorIsPulledWhenItsScheduleIsDueAndNotBefore() {
        String id = connector("ds-" + UUID.randomUUID(), "* * * * *");
        PullScheduler s = tickAt(Duration.ZERO);
        assertThat(runs(id)).isZero();
        assertThat(s.nextRun(id)).contains(Instant.parse("2026-02-02T10:01:00Z"));

        tickAt(Duration.ofSeconds(29));
        assertThat(runs(id)).isZero();
        tickAt(Duration.ofSeconds(30));
        assertThat(runs(id)).isEqualTo(1);
        assertThat(s.nextRun(id)).contains(Instant.parse("2026-02-02T10:02:00Z"));
        assertThat(sink.records()).hasSize(3);
    }

    @Test
    void ticksMissedWhileTheHostWasAsleepRunOnceNotOncePerTick() {
        String id = connector("ds-" + UUID.randomUUID(), "every 1m");
        tickAt(Duration.ZERO);
        PullScheduler s = tickAt(Duration.ofHours(3));
        tickAt(Duration.ofHours(3).plusSeconds(1));

        assertThat(runs(id)).isEqualTo(1);
        assertThat(s.nextRun(id)).contains(T0.plus(Duration.ofHours(3)).plusSeconds(60));
    }

    @Test
    void aTickThatFindsItsConnectorStillPullingIsSkippedAndCounted() throws Exception {
        String dataset = "ds-" + UUID.randomUUID();
        String id = connector(dataset, "every 1m");
        CountDownLatch gate = new CountDownLatch(1);
        ListSourceProvider.holdNextSource(dataset, gate);
        PullScheduler s = qx.scheduler();
        s.tick(clock.instant());
        clock.advance(Duration.ofMinutes(1));
        s.tick(clock.instant());
        clock.advance(Duration.ofMinutes(1));
        s.tick(clock.instant());
        clock.advance(Duration.ofMinutes(1));
        s.tick(clock.instant());

        assertThat(s.skippedRuns()).isEqualTo(2);
        assertThat(skips).containsExactly(id + ": still pulling", id + ": still pulling");
        awaitOpened(dataset, 1);
        gate.countDown();
        assertThat(s.awaitIdle(WAIT)).isTrue();
        assertThat(runs(id)).isEqualTo(1);
    }

    @Test
    void aFailingConnectorBacksOffExponentiallyUpToTheCapAndRecoversWithoutSlowingOthers() {
        String failingSet = "ds-" + UUID.randomUUID();
        String failing = connector(failingSet, "every 1m");
        String healthy = connector("ds-" + UUID.randomUUID(), "every 1m");
        ListSourceProvider.failAfter(failingSet, 0);
        tickAt(Duration.ZERO);

        List<Duration> delays = new ArrayList<>();
        PullScheduler s = qx.scheduler();
        Duration t = Duration.ofMinutes(1);
        for (int i = 0; i < 4; i++) {
            Instant due = s.nextRun(failing).orElseThrow();
            t = Duration.between(T0, due);
            tickAt(t);
            delays.add(Duration.between(clock.instant(), s.nextRun(failing).orElseThrow()));
        }
        assertThat(delays).containsExactly(Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(5),
                Duration.ofMinutes(5));
        assertThat(s.failures(failing)).isEqualTo(4);

        ListSourceProvider.failAfter(failingSet, -1);
        tickAt(Duration.between(T0, s.nextRun(failing).orElseThrow()));
        assertThat(s.failures(failing)).isZero();
        assertThat(Duration.between(clock.instant(), s.nextRun(failing).orElseThrow())).isEqualTo(Duration.ofMinutes(1));
        // The healthy connector ran at every tick that found it due, unaffected by the other's backoff.
        assertThat(runs(healthy)).isEqualTo(5);
        assertThat(store.backend().watermark(healthy)).isPresent();
    }

    @Test
    void closingGivesRunningPullsTheGracePeriodThenClosesTheirSourcesAndCommitsNothing() throws Exception {
        qx.close();
        qx = build(2, Duration.ofMillis(200));
        String dataset = "ds-" + UUID.randomUUID();
        String id = connector(dataset, "every 1m");
        ListSourceProvider.holdNextSource(dataset, new CountDownLatch(1));
        qx.scheduler().tick(clock.instant());
        clock.advance(Duration.ofMinutes(1));
        qx.scheduler().tick(clock.instant());
        awaitOpened(dataset, 1);

        long start = System.nanoTime();
        qx.close();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(tookMillis).isGreaterThanOrEqualTo(150);
        assertThat(runs(id)).isEqualTo(1);
        assertThat(store.backend().watermark(id)).isEmpty();
        assertThat(sink.records()).isEmpty();
        assertThat(sink.aborts()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        qx.scheduler().tick(clock.instant());
        assertThat(ListSourceProvider.opened(dataset)).isEqualTo(1);
    }

    @Test
    void hundredsOfConnectorsShareABoundedPoolAndEachRunsOncePerDueTime() {
        qx.close();
        qx = build(3, Duration.ofSeconds(5));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(connector("ds-" + UUID.randomUUID(), "every 1m"));
        }
        tickAt(Duration.ZERO);
        tickAt(Duration.ofMinutes(1));
        tickAt(Duration.ofMinutes(2));
        for (String id : ids) {
            assertThat(runs(id)).as(id).isEqualTo(2);
        }
        assertThat(qx.scheduler().skippedRuns()).isZero();
    }

    @Test
    void scheduleAndUnscheduleArePersistedWithTheConnector() {
        String id = connector("ds-" + UUID.randomUUID(), "every 1m");
        qx.schedule(id, Schedule.parse("0 3 * * *"));
        assertThat(qx.connectors().get(id).orElseThrow().definition().schedule()).contains("0 3 * * *");
        assertThat(qx.scheduler().nextRun(id)).contains(Instant.parse("2026-02-03T03:00:00Z"));

        qx.unschedule(id);
        assertThat(qx.connectors().get(id).orElseThrow().definition().schedule()).isEmpty();
        assertThat(qx.scheduler().nextRun(id)).isEmpty();
        assertThat(qx.pull(id).status()).isEqualTo(PullStatus.COMPLETED);
    }
}
