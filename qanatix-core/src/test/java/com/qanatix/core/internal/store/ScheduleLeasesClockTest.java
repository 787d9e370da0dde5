package com.qanatix.core.internal.store;

import com.qanatix.core.testing.TestDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hosts share a JDBC store; one host's clock runs minutes ahead. Claims and lease expiry go by
 * the database's clock, so the fast host neither steals a held lease nor runs a run before it is due.
 */
class ScheduleLeasesClockTest {
    private static final Duration SKEW = Duration.ofMinutes(7);
    private static final Duration LEASE = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "mariadb", "h2"})
    void aHostWhoseClockRunsMinutesAheadNeitherStealsALeaseNorRunsEarly(String database) throws Exception {
        TestDatabase db = database.equals("postgresql") ? TestDatabase.postgres()
                : database.equals("mariadb") ? TestDatabase.mysql() : null;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db != null ? db.jdbcUrl() : "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(3);
        try (HikariDataSource pool = new HikariDataSource(config); JdbcConnectorStore store = new JdbcConnectorStore(pool)) {
            ScheduleLeases leases = store.scheduleLeases().orElseThrow();
            String id = UUID.randomUUID().toString();
            Instant honestNow = Instant.now();
            Instant fastNow = honestNow.plus(SKEW);

            assertThat(leases.tryClaim(id, "honest", honestNow.minusSeconds(1), honestNow, LEASE)).isTrue();
            // By the fast host's clock the 60 s lease ran out minutes ago; by the database's it did not.
            assertThat(leases.tryClaim(id, "fast", honestNow.minusSeconds(1), fastNow, LEASE))
                    .as("the fast host steals the lease").isFalse();
            leases.renew(id, "fast", LEASE); // not the owner: changes nothing
            assertThat(leases.tryClaim(id, "fast", honestNow.minusSeconds(1), fastNow, LEASE)).isFalse();

            // The honest host finishes and sets the next run two minutes ahead.
            Instant next = honestNow.plus(Duration.ofMinutes(2));
            leases.release(id, "honest", next);
            assertThat(leases.tryClaim(id, "fast", next, fastNow, LEASE))
                    .as("the fast host runs the next run five minutes early").isFalse();
            assertThat(leases.tryClaim(id, "honest", next, honestNow, LEASE)).as("not due yet").isFalse();

            // A lease does expire by the database's clock.
            leases.release(id, "nobody", honestNow); // not the owner: changes nothing
            String other = UUID.randomUUID().toString();
            assertThat(leases.tryClaim(other, "honest", honestNow.minusSeconds(1), honestNow, Duration.ofMillis(300)))
                    .isTrue();
            Thread.sleep(1200);
            assertThat(leases.tryClaim(other, "fast", honestNow.minusSeconds(1), fastNow, LEASE)).isTrue();
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }
}
