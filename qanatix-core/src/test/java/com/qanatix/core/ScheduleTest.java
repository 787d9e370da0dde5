package com.qanatix.core;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleTest {
    private static final Random RANDOM = new Random(1);

    @Test
    void cronRunsAtTheNextMatchInUtcByDefault() {
        Schedule s = Schedule.parse("*/15 * * * *");
        assertThat(s.nextAfter(Instant.parse("2026-01-01T10:07:30Z"), RANDOM)).contains(Instant.parse("2026-01-01T10:15:00Z"));
        assertThat(s.nextAfter(Instant.parse("2026-01-01T10:15:00Z"), RANDOM)).contains(Instant.parse("2026-01-01T10:30:00Z"));
    }

    @Test
    void cronFieldsAreReadInTheGivenTimeZoneAcrossDaylightSaving() {
        Schedule s = Schedule.parse("0 3 * * * Europe/Berlin");
        assertThat(s.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(s.nextAfter(Instant.parse("2026-01-10T00:00:00Z"), RANDOM)).contains(Instant.parse("2026-01-10T02:00:00Z"));
        assertThat(s.nextAfter(Instant.parse("2026-07-10T00:00:00Z"), RANDOM)).contains(Instant.parse("2026-07-10T01:00:00Z"));
        assertThat(s.toString()).isEqualTo("0 3 * * * Europe/Berlin");
        assertThat(Schedule.parse(s.toString())).isEqualTo(s);
    }

    @Test
    void anIntervalWithJitterStaysWithinItsBounds() {
        Schedule s = Schedule.parse("every 10s jitter 3s");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2000; i++) {
            long delay = Duration.between(t, s.nextAfter(t, RANDOM).orElseThrow()).toMillis();
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isGreaterThanOrEqualTo(10_000).isLessThan(10_100);
        assertThat(max).isLessThanOrEqualTo(13_000).isGreaterThan(12_900);
        assertThat(Schedule.parse("every 5m").nextAfter(t, RANDOM)).contains(t.plusSeconds(300));
        assertThat(Schedule.every(Duration.ofHours(2), Duration.ZERO).toString()).isEqualTo("every 2h");
    }

    @Test
    void invalidExpressionsAreRejectedAtCreateTimeWithAClearError() {
        try (Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).sink(new CollectingSink()).build()) {
            for (String bad : List.of("61 * * * *", "* * *", "every 0s", "every 5 parsecs", "* * * * * Mars/Olympus",
                    "every 1m jitter 2m")) {
                assertThatThrownBy(() -> qx.connectors().create(ConnectorSpec.builder().name("x")
                        .connectorType(ListSourceProvider.TYPE).vertical("v").entityType("e").query("all")
                        .connectionConfig(Map.of("dataset", "x")).schedule(bad).build()))
                        .as(bad).isInstanceOf(InvalidConfigException.class).hasMessageContaining("schedule");
            }
            assertThat(qx.connectors().list()).isEmpty();
        }
    }

    @Test
    void aCronThatCanNeverFireIsRejected() {
        assertThatThrownBy(() -> Schedule.parse("0 0 31 2 *")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("never fires");
        assertThatThrownBy(() -> Schedule.parse("0 0 30 2 * Europe/Berlin")).hasMessageContaining("never fires");
        assertThat(Schedule.parse("0 0 29 2 *").nextAfter(java.time.Instant.parse("2026-03-01T00:00:00Z"),
                new java.util.Random())).contains(java.time.Instant.parse("2028-02-29T00:00:00Z"));
    }

    @Test
    void aSixOrSevenFieldCronGetsAMessageAboutFieldsNotAboutTimeZones() {
        for (String quartz : List.of("0 */5 * * * *", "0 0 3 * * MON-FRI", "0 0 3 ? * *", "0 0 3 * * ? 2030")) {
            assertThatThrownBy(() -> Schedule.parse(quartz)).as(quartz).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("fields").hasMessageContaining("five-field")
                    .hasMessageNotContaining("time zone '");
        }
        assertThat(Schedule.parse("0 3 * * * UTC").zone().getId()).isEqualTo("UTC");
        assertThatThrownBy(() -> Schedule.parse("0 3 * * * Mars/Olympus")).hasMessageContaining("unknown time zone");
    }
}
