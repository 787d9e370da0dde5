package com.qanatix.benchmarks.scheduler;

import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.Qanatix;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.RecordSink;
import com.qanatix.core.internal.ActivePulls;
import com.qanatix.core.internal.scheduler.PullScheduler;
import com.qanatix.core.internal.scheduler.SchedulerSettings;
import com.qanatix.core.internal.store.StoreBackends;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The scheduler's own overhead: 1,000 connectors scheduled every minute on trivial one-row sources.
 * Reports heap retained by the schedule state, the CPU of a tick that finds nothing due, and the
 * CPU on the ticking thread of a tick that starts all 1,000 runs (the pulls themselves run on the
 * workers and are reported apart).
 *
 * <p>Connectors are created through the public API; the scheduler itself is the internal
 * {@code PullScheduler}, built over the same store ({@code StoreBackends.of}) and ticked by hand,
 * since a tick's cost cannot be isolated through {@code Qanatix.startScheduler()}, whose timer ticks
 * on a thread of its own. Those types are not API; the harness changes with them.
 *
 * <p>Run: {@code benchmarks/run.sh benchmarks/scheduler com.qanatix.benchmarks.scheduler.SchedulerBenchmark -Xmx256m -- --connectors 1000}
 */
public final class SchedulerBenchmark {
    private SchedulerBenchmark() {
    }

    /** @param args {@code --connectors N} (default 1000) */
    public static void main(String[] args) throws Exception {
        int n = args.length == 2 && args[0].equals("--connectors") ? Integer.parseInt(args[1]) : 1000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        HandClock clock = new HandClock(Instant.parse("2026-01-01T00:00:30Z"));
        ConnectorStore store = ConnectorStore.inMemory();
        try (Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store)
                .sink(new DiscardingSink()).discoverProviders(false).provider(new OneRowProvider()).clock(clock).build()) {
            for (int i = 0; i < n; i++) {
                (qx.connectors().create(ConnectorSpec.builder().name("c" + i).connectorType("one-row")
                        .vertical("v").entityType("e").query("one").config("k", "v").schedule("every 1m").build())).id();
            }
            PullScheduler scheduler = new PullScheduler(StoreBackends.of(store), qx::pull, PullListener.NONE, new ActivePulls(), clock,
                    new SchedulerSettings("bench", 4, Duration.ofSeconds(1), Duration.ofDays(1), Duration.ofMinutes(1),
                            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofHours(1)), new Random(1));
            long before = usedAfterGc();
            scheduler.tick(clock.instant()); // the first tick reads the store and schedules every connector
            long after = usedAfterGc();
            if (scheduler.size() != n) {
                throw new IllegalStateException("scheduled " + scheduler.size() + " of " + n);
            }

            int idleTicks = 20_000;
            for (int warm = 0; warm < 2; warm++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                for (int i = 0; i < idleTicks; i++) {
                    scheduler.tick(clock.instant());
                }
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                if (warm == 1) {
                    System.out.printf("idle tick (nothing due, %,d connectors): %.1f us CPU, %.1f us wall%n", n,
                            cpu / 1e3 / idleTicks, (System.nanoTime() - wall0) / 1e3 / idleTicks);
                }
            }
            for (int round = 1; round <= 3; round++) {
                clock.advance(Duration.ofMinutes(1));
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                scheduler.tick(clock.instant());
                long tickCpu = threads.getCurrentThreadCpuTime() - cpu0;
                scheduler.awaitIdle(Duration.ofMinutes(1));
                System.out.printf("due tick %d (all %,d due): %.2f ms CPU on the ticking thread (%.2f us a connector); "
                        + "the %,d one-row pulls took %.0f ms wall on 4 workers%n", round, n, tickCpu / 1e6,
                        tickCpu / 1e3 / n, n, (System.nanoTime() - wall0) / 1e6);
            }
            System.out.printf("schedule state: %,d bytes retained for %,d connectors (%.0f bytes each); "
                    + "runs started %,d, skipped %,d%n", after - before, n, (after - before) / (double) n,
                    scheduler.startedRuns(), scheduler.skippedRuns());
            scheduler.close();
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** A clock moved by hand. */
    static final class HandClock extends Clock {
        private volatile Instant now;

        HandClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Accepts and forgets. */
    static final class DiscardingSink implements RecordSink {
        @Override
        public void write(PullInfo pull, List<IngestRecord> batch) {
        }

        @Override
        public void commit(PullInfo pull) {
        }
    }

    /** Connector type {@code one-row}: a single row. */
    static final class OneRowProvider implements ConnectorProvider {
        @Override
        public String connectorType() {
            return "one-row";
        }

        @Override
        public void validate(ConnectorConfig config, String query) {
        }

        @Override
        public RecordSource open(PullContext context) {
            Iterator<Map<String, Object>> rows = List.<Map<String, Object>>of(Map.of("id", 1L, "name", "x")).iterator();
            return new RecordSource() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Map<String, Object> next() {
                    return new java.util.LinkedHashMap<>(rows.next());
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
