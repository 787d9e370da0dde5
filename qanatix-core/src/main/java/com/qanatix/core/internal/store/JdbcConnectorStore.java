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
 * {@code qanatix_fingerprint}. A pull looks up only the keys of the rows it reads, writes its
 * fingerprints into its own transaction while it runs, and commits them with its watermark in that
 * transaction (see {@link JdbcPullState}).
 */
public final class JdbcConnectorStore implements StoreBackend {
    static final String CONNECTOR_TABLE = "qanatix_connector";
    static final String WATERMARK_TABLE = "qanatix_watermark";
    static final String FINGERPRINT_TABLE = FingerprintTable.NAME;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final String upsertConnector;
    private final String upsertWatermark;
    private final FingerprintTable fingerprints;
    private final SourceIdTable sourceIds;
    private final JdbcScheduleLeases leases;
    private volatile boolean closed;

    /** @param dataSource the host's database; tables are created if absent */
    public JdbcConnectorStore(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        try (Connection c = dataSource.getConnection()) {
            this.dialect = SqlDialect.of(c.getMetaData().getDatabaseProductName());
            this.fingerprints = new FingerprintTable(dialect, dialect == SqlDialect.POSTGRESQL
                    && FingerprintTable.copyAvailable(c));
            this.sourceIds = new SourceIdTable(dialect);
            createTables(c);
        } catch (SQLException e) {
            throw new StoreException("cannot prepare the connector tables: " + e.getMessage(), e);
        }
        upsertConnector = dialect.upsert(CONNECTOR_TABLE, new String[] {"id"},
                new String[] {"created_at_micros", "definition"});
        upsertWatermark = dialect.upsert(WATERMARK_TABLE, new String[] {"connector_id"},
                new String[] {"last_pull_started_at", "column_value"});
        leases = new JdbcScheduleLeases(dataSource);
    }

    private void createTables(Connection c) throws SQLException {
        String text = dialect.textType();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + CONNECTOR_TABLE + " (id VARCHAR(64) NOT NULL PRIMARY KEY, "
                    + "created_at_micros BIGINT NOT NULL, definition " + text + " NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + WATERMARK_TABLE + " (connector_id VARCHAR(64) NOT NULL "
                    + "PRIMARY KEY, last_pull_started_at VARCHAR(64) NOT NULL, column_value " + text + ")");
            s.execute(JdbcScheduleLeases.createTable());
            s.execute(FingerprintTable.createTable());
            s.execute(sourceIds.createTable());
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
                deleteWhere(c, SourceIdTable.NAME, "connector_id", id);
                deleteWhere(c, WATERMARK_TABLE, "connector_id", id);
                deleteWhere(c, JdbcScheduleLeases.TABLE, "connector_id", id);
                return deleteWhere(c, CONNECTOR_TABLE, "id", id) > 0;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot delete connector " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void resync(String id) {
        requireNonNull(id, "id is null");
        try {
            inTransaction(c -> {
                deleteWhere(c, FINGERPRINT_TABLE, "connector_id", id);
                deleteWhere(c, SourceIdTable.NAME, "connector_id", id);
                return deleteWhere(c, WATERMARK_TABLE, "connector_id", id);
            });
        } catch (SQLException e) {
            throw new StoreException("cannot resync connector " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void resetWatermark(String id, Watermark watermark) {
        requireNonNull(id, "id is null");
        requireNonNull(watermark, "watermark is null");
        try {
            inTransaction(c -> {
                if (lockIfExists(c, id)) {
                    writeWatermark(c, id, watermark);
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot set the watermark of " + id + ": " + e.getMessage(), e);
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

    /**
     * Opens a pull on a connection of its own, in a transaction that its commit ends; see
     * {@link JdbcPullState}.
     */
    @Override
    public PullState beginPull(String id) {
        requireNonNull(id, "id is null");
        if (closed) {
            throw new StoreException("the store is closed: cannot begin a pull of " + id);
        }
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreException("cannot begin a pull of " + id + ": " + e.getMessage(), e);
        }
        return new JdbcPullState(id, fingerprints, c, this::finishPull);
    }

    /**
     * A pull whose transaction also writes its new source ids and a reconciliation's removals, just
     * before the watermark (see {@link SourceIdTable}); the ids wait in a temporary file until then.
     */
    @Override
    public PullState beginPullWithSourceIds(String id) {
        requireNonNull(id, "id is null");
        if (closed) {
            throw new StoreException("the store is closed: cannot begin a pull of " + id);
        }
        SourceIdChanges changes = new SourceIdChanges(() -> java.nio.file.Files.createTempFile("qanatix-source-ids-",
                ".tmp"));
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            changes.close();
            throw new StoreException("cannot begin a pull of " + id + ": " + e.getMessage(), e);
        }
        PullState entries;
        try {
            entries = new JdbcPullState(id, fingerprints, c, (connection, connector, watermark) -> {
                sourceIds.apply(connection, connector, changes);
                finishPull(connection, connector, watermark);
            });
        } catch (RuntimeException e) {
            changes.close();
            throw e;
        }
        return new SourceIdPullState(entries, changes, (state, ignored, watermark) -> state.commit(watermark));
    }

    @Override
    public long sourceIdCount(String id) {
        requireNonNull(id, "id is null");
        try (Connection c = dataSource.getConnection()) {
            long count = sourceIds.count(c, id);
            commitIfNeeded(c);
            return count;
        } catch (SQLException e) {
            throw new StoreException("cannot count the source ids of " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void forEachSourceId(String id, SourceIdConsumer action) {
        requireNonNull(id, "id is null");
        requireNonNull(action, "action is null");
        try {
            inTransaction(c -> {
                sourceIds.forEach(c, id, action);
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("cannot read the source ids of " + id + ": " + e.getMessage(), e);
        }
    }

    /** Counts the connector's committed entries in the database. */
    @Override
    public long fingerprintCount(String id) {
        requireNonNull(id, "id is null");
        try (Connection c = dataSource.getConnection()) {
            long count = fingerprints.count(c, id);
            commitIfNeeded(c);
            return count;
        } catch (SQLException e) {
            throw new StoreException("cannot count the fingerprints of " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Ends a pull's transaction, whose fingerprints are written: records the watermark and commits,
     * unless the connector was deleted during the pull (then rolls back) or the store was closed.
     * Locks the connector's row, so a concurrent delete waits for the commit, then removes it all.
     */
    private void finishPull(Connection c, String id, Watermark watermark) throws SQLException {
        if (closed) {
            throw new StoreException("the store was closed during the pull of " + id + ": nothing committed");
        }
        if (lockIfExists(c, id)) {
            writeWatermark(c, id, watermark);
            c.commit();
        } else {
            c.rollback();
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

    private static boolean lockIfExists(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + CONNECTOR_TABLE
                + " WHERE id = ? FOR UPDATE")) {
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

    /** Holds no connection between calls; a pull still running then fails at its commit. */
    @Override
    public void close() {
        closed = true;
    }
}
