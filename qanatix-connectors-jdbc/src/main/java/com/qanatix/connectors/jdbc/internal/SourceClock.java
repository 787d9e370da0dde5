package com.qanatix.connectors.jdbc.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads, at the start of a pull and on the pull's own connection, the instant the next pull must
 * re-read from ({@link com.qanatix.core.spi.RecordSource#watermarkStart()}): the server's time,
 * capped by the start of the oldest transaction still open on the server where the server shows it.
 * One small query before the main one, in the same read-only transaction; no extra connection.
 * The instant returned is one millisecond before what the server says, so that a row stamped at
 * exactly that instant passes {@code updated_at > :last_pull} even with no lookback.
 *
 * <ul>
 *   <li>PostgreSQL: {@code now()} and the smallest {@code xact_start} in {@code pg_stat_activity} of
 *       the other client backends of this database. A role that is neither superuser nor member of
 *       {@code pg_read_all_stats} sees other roles' sessions without {@code xact_start}: their
 *       transactions cannot cap the watermark, and that is logged once per connector.</li>
 *   <li>MySQL and MariaDB: {@code UTC_TIMESTAMP(6)} and the smallest {@code trx_started} in
 *       {@code information_schema.innodb_trx} of the other sessions. {@code trx_started} is in the
 *       server's system time zone with whole seconds: it is converted with
 *       {@code CONVERT_TZ(..., 'SYSTEM', '+00:00')} and one second earlier is used. Without the
 *       {@code PROCESS} privilege the table cannot be read: the server's time alone is used, logged
 *       once per connector.</li>
 *   <li>Any other JDBC database: {@code SELECT CURRENT_TIMESTAMP}; where the driver or database
 *       refuses it, the host's clock, logged once per connector.</li>
 * </ul>
 */
public final class SourceClock {
    private static final Logger LOG = LoggerFactory.getLogger(SourceClock.class);

    private static final String POSTGRES = "SELECT now(), "
            + "(SELECT min(xact_start) FROM pg_stat_activity WHERE datname = current_database() "
            + "AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'), "
            + "pg_has_role('pg_read_all_stats', 'USAGE')";
    private static final String MYSQL_WITH_TRANSACTIONS = "SELECT UTC_TIMESTAMP(6), "
            + "(SELECT CONVERT_TZ(MIN(trx_started), 'SYSTEM', '+00:00') FROM information_schema.innodb_trx "
            + "WHERE trx_mysql_thread_id <> CONNECTION_ID())";
    private static final String MYSQL = "SELECT UTC_TIMESTAMP(6)";
    private static final String GENERIC = "SELECT CURRENT_TIMESTAMP";

    /** Subtracted from what the server says, so that a query with {@code >} re-reads the boundary. */
    private static final Duration MARGIN = Duration.ofMillis(1);

    /** Connector ids (with the kind of note) already told about in this process: a note is logged once. */
    private static final Set<String> NOTED = ConcurrentHashMap.newKeySet();

    private final SqlDialect dialect;
    private final String connectorId;

    /**
     * @param dialect the database family
     * @param connectorId the connector being pulled, to log a fallback once per connector
     */
    public SourceClock(SqlDialect dialect, String connectorId) {
        this.dialect = dialect;
        this.connectorId = connectorId;
    }

    /**
     * Runs the small query on the pull's connection (autocommit off, read-only), before the main query.
     *
     * @param c the pull's connection
     * @return the instant, or empty when only the host's clock can be used
     * @throws SQLException when the server's time cannot be read on PostgreSQL or MySQL (the
     *     connection is then broken: the pull fails)
     */
    Optional<Instant> read(Connection c) throws SQLException {
        Optional<Instant> read = switch (dialect) {
            case POSTGRESQL -> Optional.of(postgres(c));
            case MYSQL -> Optional.of(mysql(c));
            case GENERIC -> generic(c);
        };
        // A row stamped at that very instant (PostgreSQL's now() in the oldest open transaction is
        // its xact_start) must still pass "updated_at > :last_pull" when the lookback is zero.
        return read.map(t -> t.minus(MARGIN));
    }

    private Instant postgres(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(POSTGRES)) {
            rs.next();
            Instant now = rs.getObject(1, OffsetDateTime.class).toInstant();
            OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
            if (!rs.getBoolean(3)) {
                noteOnce("pg_read_all_stats", "connector {}: the PostgreSQL role cannot see other roles' sessions "
                        + "(it is neither superuser nor a member of pg_read_all_stats), so transactions they hold "
                        + "open cannot hold back the watermark; only watermark_lookback_seconds protects rows they "
                        + "commit late. Grant pg_read_all_stats to the role for the guarantee.");
            }
            return oldest == null ? now : earlier(now, oldest.toInstant());
        }
    }

    private Instant mysql(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(MYSQL_WITH_TRANSACTIONS)) {
            rs.next();
            Instant now = utc(rs.getObject(1, LocalDateTime.class));
            LocalDateTime oldest = rs.getObject(2, LocalDateTime.class);
            // trx_started has whole seconds, and a statement's CURRENT_TIMESTAMP may precede its
            // transaction's start within that second.
            return oldest == null ? now : earlier(now, utc(oldest).minusSeconds(1));
        } catch (SQLException e) {
            if (!accessDenied(e)) {
                throw e;
            }
            noteOnce("PROCESS", "connector {}: the MySQL user lacks the PROCESS privilege, so "
                    + "information_schema.innodb_trx cannot show transactions other sessions hold open and they "
                    + "cannot hold back the watermark; only watermark_lookback_seconds protects rows they commit "
                    + "late. GRANT PROCESS ON *.* to the user for the guarantee.");
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(MYSQL)) {
            rs.next();
            return utc(rs.getObject(1, LocalDateTime.class));
        }
    }

    private Optional<Instant> generic(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(GENERIC)) {
            rs.next();
            return Optional.of(instant(rs));
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback(); // some databases refuse every later statement of a failed transaction
            } catch (SQLException | RuntimeException ignored) {
                // the main query reports a broken connection
            }
            noteOnce("clock", "connector {}: the database did not answer SELECT CURRENT_TIMESTAMP ({}); the watermark "
                    + "uses the host's clock, so keep it in sync with the database's (NTP) or widen "
                    + "watermark_lookback_seconds.", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static Instant instant(ResultSet rs) throws SQLException {
        try {
            OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
            if (t != null) {
                return t.toInstant();
            }
        } catch (SQLException | RuntimeException e) {
            // a driver without java.time support for this type: read it as a Timestamp
        }
        Timestamp t = rs.getTimestamp(1);
        if (t == null) {
            throw new IllegalStateException("CURRENT_TIMESTAMP was NULL");
        }
        return t.toInstant();
    }

    private static Instant utc(LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC);
    }

    private static Instant earlier(Instant a, Instant b) {
        return b.isBefore(a) ? b : a;
    }

    /** ER_SPECIFIC_ACCESS_DENIED_ERROR (1227) and ER_ACCESS_DENIED_ERROR-like SQL state 42000 refusals. */
    private static boolean accessDenied(SQLException e) {
        return e.getErrorCode() == 1227 || e.getErrorCode() == 1142 || e.getErrorCode() == 1044;
    }

    private void noteOnce(String kind, String message, Object... more) {
        if (NOTED.add(kind + ':' + connectorId)) {
            Object[] args = new Object[more.length + 1];
            args[0] = connectorId;
            System.arraycopy(more, 0, args, 1, more.length);
            LOG.warn(message, args);
        }
    }
}
