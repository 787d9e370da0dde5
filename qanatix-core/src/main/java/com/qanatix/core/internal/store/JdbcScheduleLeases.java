package com.qanatix.core.internal.store;

import com.qanatix.core.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Schedule leases in table {@code qanatix_schedule}: one row a scheduled connector with its shared
 * next-run time and the current lease. A claim is a single conditional {@code UPDATE}, which the
 * database serializes with its row lock: of several instances claiming one due run, exactly one
 * updates the row. Times are epoch milliseconds. Lease expiry and "is the run due yet" are judged by
 * the database's clock ({@code CURRENT_TIMESTAMP} in the claiming {@code UPDATE}), as db-scheduler
 * and ShedLock do, so a host whose clock is off neither steals a lease nor runs early; the next-run
 * times themselves come from the schedule as the releasing host computed it.
 */
final class JdbcScheduleLeases implements ScheduleLeases {
    static final String TABLE = "qanatix_schedule";

    private final DataSource dataSource;
    /** The database's current time in epoch milliseconds, as SQL; found on first use. */
    private volatile String databaseNow;

    JdbcScheduleLeases(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private String databaseNow(Connection c) throws SQLException {
        String now = databaseNow;
        if (now == null) {
            now = switch (SqlDialect.of(c.getMetaData().getDatabaseProductName())) {
                case POSTGRESQL -> "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)";
                case MYSQL -> "CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS SIGNED)";
                case H2 -> "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)";
            };
            databaseNow = now;
        }
        return now;
    }

    static String createTable() {
        return "CREATE TABLE IF NOT EXISTS " + TABLE + " (connector_id VARCHAR(64) NOT NULL PRIMARY KEY, "
                + "next_run_at BIGINT NOT NULL, lease_owner VARCHAR(200), lease_until BIGINT)";
    }

    private static long millis(Instant t) {
        try {
            return t.toEpochMilli();
        } catch (ArithmeticException e) {
            return t.isAfter(Instant.EPOCH) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }

    @Override
    public boolean tryClaim(String connectorId, String owner, Instant dueAt, Instant now, Duration lease) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                    + " (connector_id, next_run_at) VALUES (?, ?)")) {
                insert.setString(1, connectorId);
                insert.setLong(2, millis(dueAt));
                insert.executeUpdate();
            } catch (SQLException e) {
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                    throw e;
                }
                // another instance (or an earlier run) created the row: the claim below decides
            }
            String dbNow = databaseNow(c);
            try (PreparedStatement claim = c.prepareStatement("UPDATE " + TABLE + " SET lease_owner = ?, "
                    + "lease_until = " + dbNow + " + ? WHERE connector_id = ? AND next_run_at <= ? "
                    + "AND next_run_at <= " + dbNow + " AND (lease_until IS NULL OR lease_until < " + dbNow + ")")) {
                claim.setString(1, owner);
                claim.setLong(2, lease.toMillis());
                claim.setString(3, connectorId);
                claim.setLong(4, millis(now));
                return claim.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot claim the scheduled run of " + connectorId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void renew(String connectorId, String owner, Duration lease) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET lease_until = "
                    + databaseNow(c) + " + ? WHERE connector_id = ? AND lease_owner = ?")) {
                ps.setLong(1, lease.toMillis());
                ps.setString(2, connectorId);
                ps.setString(3, owner);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot renew the schedule lease of " + connectorId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void release(String connectorId, String owner, Instant nextRunAt) {
        update("UPDATE " + TABLE + " SET next_run_at = ?, lease_owner = NULL, lease_until = NULL "
                + "WHERE connector_id = ? AND lease_owner = ?", millis(nextRunAt), connectorId, owner);
    }

    private void update(String sql, long time, String connectorId, String owner) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            ps.setLong(1, time);
            ps.setString(2, connectorId);
            ps.setString(3, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot update the schedule lease of " + connectorId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Instant> nextRunAt(String connectorId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT next_run_at FROM " + TABLE + " WHERE connector_id = ?")) {
            ps.setString(1, connectorId);
            try (ResultSet rs = ps.executeQuery()) {
                Optional<Instant> found = rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
                if (!c.getAutoCommit()) {
                    c.commit();
                }
                return found;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the schedule of " + connectorId + ": " + e.getMessage(), e);
        }
    }
}
