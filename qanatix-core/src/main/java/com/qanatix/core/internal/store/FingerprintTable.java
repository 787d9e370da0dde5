package com.qanatix.core.internal.store;

import com.qanatix.core.internal.LongToLongTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static java.util.Objects.requireNonNull;

/**
 * The JDBC store's SQL over {@code qanatix_fingerprint (connector_id, key_hash, fingerprint)},
 * primary key {@code (connector_id, key_hash)}: lookups of a batch of keys in one round trip and
 * writes of a batch of entries in one statement (a JDBC batch on H2), in each dialect's fastest
 * form. Key hashes and fingerprints are numbers the store computed, so the MySQL forms put them
 * into the statement text as literals; the connector id is always a parameter.
 */
final class FingerprintTable {
    static final String NAME = "qanatix_fingerprint";

    private final SqlDialect dialect;
    private final boolean copy;

    /**
     * @param dialect the database's dialect
     * @param copy whether the connections are pgjdbc's, so that first pulls can use {@code COPY}
     */
    FingerprintTable(SqlDialect dialect, boolean copy) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.copy = copy;
    }

    /**
     * @param c a connection of the store's pool
     * @return whether pgjdbc is on the class path and {@code c} is (or wraps) one of its connections,
     *     checked without loading {@link PostgresCopy}, which needs pgjdbc
     */
    static boolean copyAvailable(Connection c) {
        try {
            Class<?> pg = Class.forName("org.postgresql.PGConnection", false, FingerprintTable.class.getClassLoader());
            return c.isWrapperFor(pg);
        } catch (ClassNotFoundException | LinkageError | SQLException e) {
            return false;
        }
    }

    /** @return the table's DDL, for a {@code CREATE TABLE IF NOT EXISTS} */
    static String createTable() {
        return "CREATE TABLE IF NOT EXISTS " + NAME + " (connector_id VARCHAR(64) NOT NULL, "
                + "key_hash BIGINT NOT NULL, fingerprint BIGINT NOT NULL, PRIMARY KEY (connector_id, key_hash))";
    }

    /** @return whether the connector has any committed entry, by one index probe */
    boolean hasAny(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + NAME + " WHERE connector_id = ? LIMIT 1")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** @return how many entries the connector has */
    long count(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + NAME + " WHERE connector_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Looks up {@code keys[0..count)} in one round trip and puts what it finds into {@code found}
     * (cleared first).
     */
    void lookup(Connection c, String id, long[] keys, int count, LongToLongTable found) throws SQLException {
        found.clear();
        if (count == 0) {
            return;
        }
        if (dialect == SqlDialect.POSTGRESQL) {
            // A join with the unnested keys plans as one index probe a key whatever the statistics
            // say; "key_hash = ANY(?)" with a table not yet analyzed plans as a filter over every
            // entry of the connector.
            try (PreparedStatement ps = c.prepareStatement("SELECT f.key_hash, f.fingerprint FROM "
                    + "unnest(CAST(? AS BIGINT[])) AS k (key_hash) JOIN " + NAME
                    + " f ON f.connector_id = ? AND f.key_hash = k.key_hash")) {
                ps.setString(1, arrayLiteral(keys, count));
                ps.setString(2, id);
                read(ps, found);
            }
            return;
        }
        StringBuilder sql = new StringBuilder(64 + count * 21)
                .append("SELECT key_hash, fingerprint FROM ").append(NAME)
                .append(" WHERE connector_id = ? AND key_hash IN (");
        for (int i = 0; i < count; i++) {
            sql.append(i == 0 ? "" : ",").append(keys[i]);
        }
        try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
            ps.setString(1, id);
            read(ps, found);
        }
    }

    private static void read(PreparedStatement ps, LongToLongTable found) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.put(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /**
     * Writes entries {@code (keys[i], fingerprints[i])}, {@code i < count}, each key at most once.
     *
     * @param mayExist whether some keys may already have an entry (then they are replaced); when
     *     false, PostgreSQL takes the bulk {@code COPY} path, which fails on an existing key
     */
    void write(Connection c, String id, long[] keys, long[] fingerprints, int count, boolean mayExist)
            throws SQLException {
        if (count == 0) {
            return;
        }
        switch (dialect) {
            case POSTGRESQL:
                if (copy && !mayExist) {
                    PostgresCopy.copy(c, NAME, id, keys, fingerprints, count);
                } else {
                    upsertUnnest(c, id, keys, fingerprints, count);
                }
                break;
            case MYSQL:
                writeRows(c, id, keys, fingerprints, count, "INSERT INTO " + NAME
                        + " (connector_id, key_hash, fingerprint) VALUES ",
                        mayExist ? " ON DUPLICATE KEY UPDATE fingerprint = VALUES(fingerprint)" : "");
                break;
            case H2:
                writeBatch(c, id, keys, fingerprints, count, (mayExist ? "MERGE INTO " : "INSERT INTO ") + NAME
                        + " (connector_id, key_hash, fingerprint) " + (mayExist ? "KEY (connector_id, key_hash) " : "")
                        + "VALUES (?, ?, ?)");
                break;
            default:
                throw new IllegalStateException("no fingerprint writes for " + dialect);
        }
    }

    private static void upsertUnnest(Connection c, String id, long[] keys, long[] fingerprints, int count)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + NAME
                + " (connector_id, key_hash, fingerprint) SELECT ?, k, f FROM unnest(CAST(? AS BIGINT[]), "
                + "CAST(? AS BIGINT[])) AS t (k, f) "
                + "ON CONFLICT (connector_id, key_hash) DO UPDATE SET fingerprint = EXCLUDED.fingerprint")) {
            ps.setString(1, id);
            ps.setString(2, arrayLiteral(keys, count));
            ps.setString(3, arrayLiteral(fingerprints, count));
            ps.executeUpdate();
        }
    }

    /** @return a PostgreSQL array literal, {@code {1,-2,3}}, that any driver sends as text */
    private static String arrayLiteral(long[] values, int count) {
        StringBuilder text = new StringBuilder(2 + count * 21).append('{');
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ",").append(values[i]);
        }
        return text.append('}').toString();
    }

    /** A JDBC batch of one statement a row: what an embedded database runs fastest. */
    private static void writeBatch(Connection c, String id, long[] keys, long[] fingerprints, int count, String sql)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < count; i++) {
                ps.setString(1, id);
                ps.setLong(2, keys[i]);
                ps.setLong(3, fingerprints[i]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** One multi-row statement; the connector id is a parameter of each row. */
    private static void writeRows(Connection c, String id, long[] keys, long[] fingerprints, int count,
                                  String head, String tail) throws SQLException {
        StringBuilder sql = new StringBuilder(head.length() + tail.length() + count * 48).append(head);
        for (int i = 0; i < count; i++) {
            sql.append(i == 0 ? "(?," : ",(?,").append(keys[i]).append(',').append(fingerprints[i]).append(')');
        }
        try (PreparedStatement ps = c.prepareStatement(sql.append(tail).toString())) {
            for (int i = 1; i <= count; i++) {
                ps.setString(i, id);
            }
            ps.executeUpdate();
        }
    }
}
