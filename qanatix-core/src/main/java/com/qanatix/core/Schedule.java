package com.qanatix.core;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.qanatix.core.spi.InvalidConfigException;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * When a connector is pulled on its own: a five-field Unix cron expression in a time zone, or a
 * fixed interval with optional jitter. Written in a connector's {@code schedule} field as:
 * <ul>
 *   <li><code>&#42;/15 * * * *</code> — cron, in UTC;</li>
 *   <li>{@code 0 3 * * 1-5 Europe/Berlin} — cron with a time zone as a sixth token;</li>
 *   <li>{@code every 5m}, {@code every 30s jitter 10s} — an interval ({@code ms}, {@code s},
 *       {@code m}, {@code h}, {@code d}), each run delayed by a random 0..jitter.</li>
 * </ul>
 * Cron expressions are parsed by cron-utils (Unix definition). Immutable.
 */
public final class Schedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Pattern EVERY = Pattern.compile(
            "every\\s+(\\d+)\\s*(ms|s|m|h|d)(?:\\s+jitter\\s+(\\d+)\\s*(ms|s|m|h|d))?", Pattern.CASE_INSENSITIVE);

    /** A cron field (digits, {@code * ? / , - L W #}, or day and month names), never a time zone. */
    private static final Pattern CRON_FIELD = Pattern.compile("[0-9*?/,#LW-]+|(?i)[A-Z]{3}([,-][A-Z]{3})*");

    private final String text;
    private final ExecutionTime cron;
    private final ZoneId zone;
    private final Duration interval;
    private final Duration jitter;

    private Schedule(String text, ExecutionTime cron, ZoneId zone, Duration interval, Duration jitter) {
        this.text = text;
        this.cron = cron;
        this.zone = zone;
        this.interval = interval;
        this.jitter = jitter;
    }

    /**
     * @param expression a five-field Unix cron expression
     * @param zone the zone its fields are read in
     * @return the schedule
     * @throws InvalidConfigException when the expression is not valid cron
     */
    public static Schedule cron(String expression, ZoneId zone) {
        requireNonNull(expression, "expression is null");
        requireNonNull(zone, "zone is null");
        Cron parsed;
        try {
            parsed = UNIX.parse(expression.strip());
            parsed.validate();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("schedule '" + expression + "' is not a valid five-field cron expression ("
                    + e.getMessage() + "); e.g. '*/15 * * * *' or '0 3 * * 1-5 Europe/Berlin'");
        }
        String text = expression.strip() + (zone.equals(ZoneOffset.UTC) ? "" : " " + zone.getId());
        ExecutionTime times = ExecutionTime.forCron(parsed);
        Optional<ZonedDateTime> first;
        try {
            first = times.nextExecution(ZonedDateTime.now(zone));
        } catch (RuntimeException e) {
            first = Optional.empty();
        }
        if (first.isEmpty()) {
            throw new InvalidConfigException("schedule '" + expression + "' never fires (no date matches it, e.g. "
                    + "the 31st of February); check the day-of-month and month fields");
        }
        return new Schedule(text, times, zone, null, Duration.ZERO);
    }

    /**
     * @param interval time between runs, at least one second
     * @param jitter each run is delayed by a random duration up to this (zero for none)
     * @return the schedule
     */
    public static Schedule every(Duration interval, Duration jitter) {
        requireNonNull(interval, "interval is null");
        requireNonNull(jitter, "jitter is null");
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidConfigException("schedule interval must be at least 1s");
        }
        if (jitter.isNegative() || jitter.compareTo(interval) > 0) {
            throw new InvalidConfigException("schedule jitter must be between 0 and the interval");
        }
        String text = "every " + format(interval) + (jitter.isZero() ? "" : " jitter " + format(jitter));
        return new Schedule(text, null, ZoneOffset.UTC, interval, jitter);
    }

    /**
     * Reads a connector's {@code schedule} field.
     *
     * @param text the field
     * @return the schedule
     * @throws InvalidConfigException saying what is wrong and what is accepted
     */
    public static Schedule parse(String text) {
        requireNonNull(text, "text is null");
        String t = text.strip();
        Matcher every = EVERY.matcher(t);
        if (every.matches()) {
            Duration interval = duration(every.group(1), every.group(2));
            Duration jitter = every.group(3) == null ? Duration.ZERO : duration(every.group(3), every.group(4));
            return every(interval, jitter);
        }
        if (t.toLowerCase(Locale.ROOT).startsWith("every")) {
            throw new InvalidConfigException("schedule '" + text + "' is not a valid interval; write e.g. 'every 5m' or "
                    + "'every 30s jitter 10s' (units ms, s, m, h, d)");
        }
        String[] tokens = t.split("\\s+");
        if (tokens.length == 7) {
            throw tooManyFields(text, 7);
        }
        if (tokens.length == 6) {
            ZoneId zone;
            try {
                zone = ZoneId.of(tokens[5]);
            } catch (DateTimeException e) {
                if (CRON_FIELD.matcher(tokens[5]).matches()) {
                    throw tooManyFields(text, 6);
                }
                throw new InvalidConfigException("schedule '" + text + "' ends in an unknown time zone '" + tokens[5]
                        + "'; use an IANA name such as Europe/Berlin");
            }
            return cron(String.join(" ", java.util.Arrays.copyOf(tokens, 5)), zone);
        }
        if (tokens.length != 5) {
            throw new InvalidConfigException("schedule '" + text + "' is neither a five-field cron expression "
                    + "(optionally followed by a time zone) nor an interval such as 'every 5m'");
        }
        return cron(t, ZoneOffset.UTC);
    }

    private static InvalidConfigException tooManyFields(String text, int fields) {
        return new InvalidConfigException("schedule '" + text + "' has " + fields + " fields; a schedule is a "
                + "five-field Unix cron expression (minute hour day-of-month month day-of-week), optionally followed "
                + "by a time zone. Quartz and Spring cron put seconds first (and a year last): drop those fields, "
                + "e.g. '0 */5 * * * *' becomes '*/5 * * * *'");
    }

    private static Duration duration(String amount, String unit) {
        long n = Long.parseLong(amount);
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static String format(Duration d) {
        if (d.toMillis() % 86_400_000 == 0) {
            return d.toDays() + "d";
        }
        if (d.toMillis() % 3_600_000 == 0) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }

    /**
     * The first run strictly after a time: the next cron match, or {@code after} plus the interval
     * plus a random jitter.
     *
     * @param after a time
     * @param random the source of jitter
     * @return the next run, or empty for a cron expression that never matches again
     */
    public Optional<Instant> nextAfter(Instant after, RandomGenerator random) {
        if (cron != null) {
            return cron.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
        }
        long jitterMillis = jitter.isZero() ? 0 : random.nextLong(jitter.toMillis() + 1);
        return Optional.of(after.plus(interval).plusMillis(jitterMillis));
    }

    /** @return the time zone cron fields are read in (UTC for intervals) */
    public ZoneId zone() {
        return zone;
    }

    /** @return the interval, for interval schedules */
    public Optional<Duration> interval() {
        return Optional.ofNullable(interval);
    }

    /** @return the largest jitter (zero for cron) */
    public Duration jitter() {
        return jitter;
    }

    /** @return the schedule in the form {@link #parse} reads */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule s && text.equals(s.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }
}
