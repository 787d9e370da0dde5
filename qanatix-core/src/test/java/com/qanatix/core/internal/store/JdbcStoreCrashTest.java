package com.qanatix.core.internal.store;

import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.RecordSink;
import com.qanatix.core.Watermark;
import com.qanatix.core.testing.KillableJvm;
import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.core.testing.TestDatabase;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static com.qanatix.core.internal.store.JdbcStoreCrashChild.CHANGE_EVERY;
import static com.qanatix.core.internal.store.JdbcStoreCrashChild.DATASET;
import static com.qanatix.core.internal.store.JdbcStoreCrashChild.ROWS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a host process (a {@link JdbcStoreCrashChild}) with SIGKILL while it pulls into a JDBC store,
 * at random points of a pull and just after its sink committed (so inside the store's commit), many
 * times. After each kill the store must hold exactly the state of one generation, the one the host
 * last reported committed or the one it was committing, and the next pull must deliver exactly the
 * rows that changed since that generation.
 */
class JdbcStoreCrashTest {
    /**
     * Kills per database run for this long (plus the iteration under way), 25 s unless the system
     * property {@code qanatix.crashTest.seconds} says otherwise.
     */
    private static final long BUDGET_MILLIS = TimeUnit.SECONDS.toMillis(
            Long.getLong("qanatix.crashTest.seconds", 25));
    private static final int MIN_KILLS = 5;

    @Test
    void aKilledHostLeavesAPostgresStoreAtTheLastOrTheNewCommit() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            killRepeatedly(db);
        }
    }

    @Test
    void aKilledHostLeavesAMariaDbStoreAtTheLastOrTheNewCommit() throws Exception {
        try (TestDatabase db = TestDatabase.mysql()) {
            killRepeatedly(db);
        }
    }

    private static void killRepeatedly(TestDatabase db) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setMaximumPoolSize(2);
        FernetKey key = FernetKey.generate();
        CountingSink sink = new CountingSink();
        Random random = new Random();
        try (HikariDataSource pool = new HikariDataSource(config);
             ConnectorStore store = ConnectorStore.jdbc(pool);
             Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(key)).store(store).sink(sink)
                     .provider(new ListSourceProvider()).build()) {
            String id = qx.connectors().create(ConnectorSpec.builder().name("crash")
                    .connectorType(ListSourceProvider.TYPE).vertical("test").entityType("row").query("all")
                    .batchSize(1000).sourceIdColumn("id").nameColumn("name").watermarkColumn("updated")
                    .connectionConfig(Map.of("dataset", DATASET)).build()).id();
            long committed = 0;
            assertThat(pull(qx, sink, id, committed)).isEqualTo(ROWS);

            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUDGET_MILLIS);
            int kills = 0;
            int killsInCommit = 0;
            while (System.nanoTime() < deadline || kills < MIN_KILLS) {
                boolean inCommit = kills % 2 == 1;
                long reported = committed;
                try (KillableJvm host = KillableJvm.start(JdbcStoreCrashChild.class, db.jdbcUrl(), key.encoded(),
                        id, Long.toString(committed + 1))) {
                    host.awaitLine("ready", 60_000);
                    if (inCommit) {
                        // the sink commits just before the store does: land in the store's commit
                        host.awaitLine("sink-commit " + (committed + 1 + random.nextInt(3)), 60_000);
                        Thread.sleep(random.nextInt(15));
                    } else {
                        Thread.sleep(random.nextInt(1200));
                    }
                    host.kill();
                    for (String line : host.allLines()) {
                        assertThat(line).as("host output").doesNotStartWith("failed");
                        if (line.startsWith("committed ")) {
                            reported = Long.parseLong(line.substring("committed ".length()));
                        }
                    }
                }
                kills++;

                long generation = committedGeneration(qx, id);
                assertThat(generation).as("the generation in the store after kill %d", kills)
                        .isBetween(reported, reported + 1);
                if (inCommit && generation == reported + 1) {
                    killsInCommit++;
                }
                assertThat(StoreBackends.of(store).fingerprintCount(id)).isEqualTo(ROWS);
                assertThat(pull(qx, sink, id, generation)).as("rows of generation %d delivered again", generation)
                        .isZero();
                assertThat(pull(qx, sink, id, generation + 1)).as("rows changed in generation %d", generation + 1)
                        .isEqualTo(ROWS / CHANGE_EVERY);
                committed = generation + 1;
            }
            assertThat(kills).isGreaterThanOrEqualTo(MIN_KILLS);
            System.out.printf("%s: %d kills, %d of them after the sink committed and before the host "
                    + "reported the store's commit, which took effect%n", db.kind(), kills, killsInCommit);
        }
    }

    private static long committedGeneration(Qanatix qx, String id) {
        Optional<Object> column = qx.watermark(id).flatMap(Watermark::columnValue);
        assertThat(column).as("a watermark").isPresent();
        return ((Number) column.get()).longValue();
    }

    /** Pulls generation {@code g} in this process; returns the records delivered. */
    private static long pull(Qanatix qx, CountingSink sink, String id, long g) {
        ListSourceProvider.dataset(DATASET, JdbcStoreCrashChild.rows(g));
        sink.written = 0;
        PullResult result = qx.pull(id);
        assertThat(result.status()).as("%s", result.error()).isEqualTo(PullStatus.COMPLETED);
        assertThat(result.recordsIngested()).isEqualTo(sink.written);
        return sink.written;
    }

    /** Counts the records written. */
    private static final class CountingSink implements RecordSink {
        long written;

        @Override
        public void write(PullInfo pull, List<IngestRecord> batch) {
            written += batch.size();
        }

        @Override
        public void commit(PullInfo pull) {
        }
    }
}
