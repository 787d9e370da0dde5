package com.qanatix.core.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The JDBC store's source ids: {@code qanatix_source_id (connector_id, key_hash, source_id)},
 * primary key {@code (connector_id, key_hash)}, one row a source id a connector with deletion
 * detection ingested. A pull's new ids and a reconciliation's removals (of these rows and of the
 * keys' {@code qanatix_fingerprint} rows) are written in the pull's own transaction, just before it
 * commits, so they become visible together with its fingerprints and watermark.
 */
final class SourceIdTable {
    static final String NAME = "qanatix_source_id";
    /** Rows one statement writes, and keys one delete names. */
    private static final int ROWS_A_STATEMENT = 1_000;
    private static final int READ_FETCH = 10_000;

    private final SqlDialect dialect;

    SourceIdTable(SqlDialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    /** @return the table's DDL, for a {@code CREATE TABLE IF NOT EXISTS} */
    String createTable() {
        return "CREATE TABLE IF NOT EXISTS " + NAME + " (connector_id VARCHAR(64) NOT NULL, key_hash BIGINT NOT NULL, "
                + "source_id " + dialect.textType() + " NOT NULL, PRIMARY KEY (connector_id, key_hash))";
    }

    /**
     * Writes a pull's changes in its transaction: removes the forgotten keys' fingerprints and ids,
     * then inserts the new ids (an id already there keeps its row).
     */
    void apply(Connection c, String id, SourceIdChanges changes) throws SQLException {
        Optional<KeySet> removed = changes.removed();
        if (removed.isPresent()) {
            deleteKeys(c, id, removed.get(), FingerprintTable.NAME);
            deleteKeys(c, id, removed.get(), NAME);
        }
        if (changes.addedCount() == 0) {
            return;
        }
        long[] keys = new long[ROWS_A_STATEMENT];
        String[] ids = new String[ROWS_A_STATEMENT];
        int[] n = {0};
        try {
            changes.forEachAdded((keyHash, sourceId) -> {
                keys[n[0]] = keyHash;
                ids[n[0]] = sourceId;
                if (++n[0] == ROWS_A_STATEMENT) {
                    insert(c, id, keys, ids, n[0]);
                    n[0] = 0;
                }
            });
            insert(c, id, keys, ids, n[0]);
        } catch (IOException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new UncheckedIOException(e);
        }
    }

    private void insert(Connection c, String id, long[] keys, String[] ids, int count) throws IOException {
        if (count == 0) {
            return;
        }
        try {
            if (dialect == SqlDialect.H2) {
                try (PreparedStatement ps = c.prepareStatement("MERGE INTO " + NAME
                        + " (connector_id, key_hash, source_id) KEY (connector_id, key_hash) VALUES (?, ?, ?)")) {
                    for (int i = 0; i < count; i++) {
                        ps.setString(1, id);
                        ps.setLong(2, keys[i]);
                        ps.setString(3, ids[i]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return;
            }
            StringBuilder sql = new StringBuilder(64 + count * 12).append(dialect == SqlDialect.MYSQL
                    ? "INSERT IGNORE INTO " : "INSERT INTO ").append(NAME)
                    .append(" (connector_id, key_hash, source_id) VALUES ");
            for (int i = 0; i < count; i++) {
                sql.append(i == 0 ? "(?," : ",(?,").append(keys[i]).append(",?)");
            }
            if (dialect == SqlDialect.POSTGRESQL) {
                sql.append(" ON CONFLICT (connector_id, key_hash) DO NOTHING");
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < count; i++) {
                    ps.setString(2 * i + 1, id);
                    ps.setString(2 * i + 2, ids[i]);
                }
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void deleteKeys(Connection c, String id, KeySet keys, String table) throws SQLException {
        long[] batch = new long[ROWS_A_STATEMENT];
        int[] n = {0};
        SQLException[] failure = {null};
        keys.forEach(k -> {
            if (failure[0] != null) {
                return;
            }
            batch[n[0]] = k;
            if (++n[0] == ROWS_A_STATEMENT) {
                try {
                    delete(c, id, batch, n[0], table);
                } catch (SQLException e) {
                    failure[0] = e;
                }
                n[0] = 0;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        delete(c, id, batch, n[0], table);
    }

    private static void delete(Connection c, String id, long[] keys, int count, String table) throws SQLException {
        if (count == 0) {
            return;
        }
        StringBuilder sql = new StringBuilder(64 + count * 21).append("DELETE FROM ").append(table)
                .append(" WHERE connector_id = ? AND key_hash IN (");
        for (int i = 0; i < count; i++) {
            sql.append(i == 0 ? "" : ",").append(keys[i]);
        }
        try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** @return how many ids the connector has */
    long count(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + NAME + " WHERE connector_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Streams the connector's ids with a cursor (in a transaction the caller ends), not a list in memory. */
    void forEach(Connection c, String id, SourceIdConsumer action) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT key_hash, source_id FROM " + NAME
                + " WHERE connector_id = ?", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(dialect == SqlDialect.MYSQL ? Integer.MIN_VALUE : READ_FETCH);
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    action.accept(rs.getLong(1), rs.getString(2));
                }
            }
        }
    }
}
