package com.qanatix.core.internal.store;

import com.qanatix.core.StoreException;
import com.qanatix.core.Watermark;
import com.qanatix.core.internal.ConnectorJson;
import com.qanatix.core.internal.WatermarkValues;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Keeps connectors and their state in tables of the host's database (PostgreSQL, MySQL/MariaDB or
 * H2), created if absent: {@code qanatix_connector}, {@code qanatix_watermark} and
 * {@code qanatix_fingerprint}. A pull's fingerprints and watermark commit in one transaction.
 */
public final class JdbcConnectorStore implements StoreBackend {
    static final String CONNECTOR_TABLE = "qanatix_connector";
    static final String WATERMARK_TABLE = "qanatix_watermark";
    static final String FINGERPRINT_TABLE = "qanatix_fingerprint";
    private static final int WRITE_BATCH = 1000;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final String upsertConnector;
    private final String upsertWatermark;
    private final String upsertFingerprint;
    private final JdbcScheduleLeases leases;

    /** @param dataSource the host's database; tables are created if absent */
    public JdbcConnectorStore(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        try (Connection c = dataSource.getConnection()) {
            this.dialect = SqlDialect.of(c.getMetaData().getDatabaseProductName());
            createTables(c);
        } catch (SQLException e) {
            throw new StoreException("cannot prepare the connector tables: " + e.getMessage(), e);
        }
        upsertConnector = dialect.upsert(CONNECTOR_TABLE, new String[] {"id"},
                new String[] {"created_at_micros", "definition"});
        upsertWatermark = dialect.upsert(WATERMARK_TABLE, new String[] {"connector_id"},
                new String[] {"last_pull_started_at", "column_value"});
        leases = new JdbcScheduleLeases(dataSource);
        upsertFingerprint = dialect.upsert(FINGERPRINT_TABLE, new String[] {"connector_id", "key_hash"},
                new String[] {"fingerprint"});
    }

    private void createTables(Connection c) throws SQLException {
        String text = dialect.textType();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + CONNECTOR_TABLE + " (id VARCHAR(64) NOT NULL PRIMARY KEY, "
                    + "created_at_micros BIGINT NOT NULL, definition " + text + " NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + WATERMARK_TABLE + " (connector_id VARCHAR(64) NOT NULL "
                    + "PRIMARY KEY, last_pull_started_at VARCHAR(64) NOT NULL, column_value " + text + ")");
            s.execute(JdbcScheduleLeases.createTable());
            s.execute("CREATE TABLE IF NOT EXISTS " + FINGERPRINT_TABLE + " (connector_id VARCHAR(64) NOT NULL, "
                    + "key_hash BIGINT NOT NULL, fingerprint BIGINT NOT NULL, PRIMARY KEY (connector_id, key_hash))");
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    /** Instances sharing this database coordinate scheduled pulls through it. */
    @Override
    public Optional<ScheduleLeases> scheduleLeases() {
        return Optional.of(leases);
    }

    @Override
    public void save(StoredConnector connector) {
        requireNonNull(connector, "connector is null");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(upsertConnector)) {
            ps.setString(1, connector.id());
            ps.setLong(2, ChronoUnit.MICROS.between(Instant.EPOCH, connector.connector().createdAt()));
            ps.setString(3, ConnectorJson.writeStored(connector));
            ps.executeUpdate();
            commitIfNeeded(c);
        } catch (SQLException e) {
            throw new StoreException("cannot save connector " + connector.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredConnector> find(String id) {
        requireNonNull(id, "id is null");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT definition FROM " + CONNECTOR_TABLE + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                Optional<StoredConnector> found = rs.next()
                        ? Optional.of(ConnectorJson.readStored(rs.getString(1))) : Optional.empty();
                commitIfNeeded(c);
                return found;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read connector " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredConnector> list() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT definition FROM " + CONNECTOR_TABLE
                     + " ORDER BY created_at_micros, id");
             ResultSet rs = ps.executeQuery()) {
            List<StoredConnector> all = new ArrayList<>();
            while (rs.next()) {
                all.add(ConnectorJson.readStored(rs.getString(1)));
            }
            commitIfNeeded(c);
            return all;
        } catch (SQLException e) {
            throw new StoreException("cannot list connectors: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String id) {
        requireNonNull(id, "id is null");
        try {
            return inTransaction(c -> {
                deleteWhere(c, FINGERPRINT_TABLE, "connector_id", id);
                deleteWhere(c, WATERMARK_TABLE, "connector_id", id);
                deleteWhere(c, JdbcScheduleLeases.TABLE, "connector_id", id);
                return deleteWhere(c, CONNECTOR_TABLE, "id", id) > 0;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot delete connector " + id + ": " + e.getMessage(), e);
        }
    }

    /** Work done in one transaction of a connection of its own. */
    @FunctionalInterface
    private interface TransactionWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs work in one transaction: commits when it returns, rolls back when it throws. */
    private <T> T inTransaction(TransactionWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static int deleteWhere(Connection c, String table, String column, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate();
        }
    }

    @Override
    public Optional<Watermark> watermark(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT last_pull_started_at, column_value FROM "
                     + WATERMARK_TABLE + " WHERE connector_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                Optional<Watermark> found = Optional.empty();
                if (rs.next()) {
                    String column = rs.getString(2);
                    found = Optional.of(new Watermark(Instant.parse(rs.getString(1)),
                            Optional.ofNullable(column).map(WatermarkValues::decode)));
                }
                commitIfNeeded(c);
                return found;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the watermark of " + id + ": " + e.getMessage(), e);
        }
    }

    /** @return the committed fingerprints of a connector (empty if none), which the caller closes */
    FingerprintIndex committedFingerprints(String id) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            // PostgreSQL streams with a cursor only outside autocommit; MySQL's driver streams at MIN_VALUE.
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT key_hash, fingerprint FROM " + FINGERPRINT_TABLE
                    + " WHERE connector_id = ?", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(dialect == SqlDialect.MYSQL && isMySqlConnectorJ(c) ? Integer.MIN_VALUE : 10_000);
                ps.setString(1, id);
                FingerprintIndex index = new FingerprintIndex();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        index.put(rs.getLong(1), rs.getLong(2));
                    }
                }
                c.commit();
                return index;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the fingerprints of " + id + ": " + e.getMessage(), e);
        }
    }

    private static boolean isMySqlConnectorJ(Connection c) throws SQLException {
        return c.getMetaData().getDriverName().toLowerCase(java.util.Locale.ROOT).contains("mysql");
    }

    @Override
    public PullState beginPull(String id) {
        return new IndexPullState(id, committedFingerprints(id), this::commitPull);
    }

    @Override
    public long fingerprintCount(String id) {
        try (FingerprintIndex index = committedFingerprints(id)) {
            return index.size();
        }
    }

    /** Merges a pull's changes (owned from the call on) and records its watermark. */
    void commitPull(String id, Watermark watermark, FingerprintIndex changedFingerprints) {
        try (changedFingerprints) {
            inTransaction(c -> {
                if (exists(c, id)) { // a connector deleted during its pull leaves nothing behind
                    writeFingerprints(c, id, changedFingerprints);
                    writeWatermark(c, id, watermark);
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot commit the pull of " + id + ": " + e.getMessage(), e);
        }
    }

    private void writeFingerprints(Connection c, String id, FingerprintIndex fingerprints) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsertFingerprint)) {
            int[] pending = {0};
            SQLException[] failure = {null};
            fingerprints.forEach((k, v) -> {
                if (failure[0] != null) {
                    return;
                }
                try {
                    ps.setString(1, id);
                    ps.setLong(2, k);
                    ps.setLong(3, v);
                    ps.addBatch();
                    if (++pending[0] == WRITE_BATCH) {
                        ps.executeBatch();
                        pending[0] = 0;
                    }
                } catch (SQLException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            if (pending[0] > 0) {
                ps.executeBatch();
            }
        }
    }

    private void writeWatermark(Connection c, String id, Watermark watermark) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsertWatermark)) {
            ps.setString(1, id);
            ps.setString(2, watermark.lastPullStartedAt().toString());
            ps.setString(3, watermark.columnValue().map(WatermarkValues::encode).orElse(null));
            ps.executeUpdate();
        }
    }

    private static boolean exists(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + CONNECTOR_TABLE + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void commitIfNeeded(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    /** Holds nothing between calls: nothing to release. */
    @Override
    public void close() {
    }
}
