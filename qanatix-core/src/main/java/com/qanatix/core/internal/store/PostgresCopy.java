package com.qanatix.core.internal.store;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes fingerprint rows with PostgreSQL's {@code COPY ... FROM STDIN (FORMAT binary)} through
 * pgjdbc's copy API: the bulk path of a first pull. Only loaded when
 * {@link FingerprintTable#copyAvailable} said the connection is pgjdbc's; the SDK does not depend on
 * the driver.
 */
final class PostgresCopy {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0};
    private static final short FIELDS = 3;

    private PostgresCopy() {
    }

    /**
     * Copies rows {@code (connectorId, keys[i], fingerprints[i])} into {@code table}; fails (and
     * leaves the transaction to roll back) if one of the keys is already there.
     *
     * @param c a pgjdbc connection, in the transaction that will commit the rows
     * @param table the fingerprint table
     * @param connectorId the connector
     * @param keys key hashes
     * @param fingerprints their fingerprints
     * @param count how many rows, from the first
     * @throws SQLException if the copy failed
     */
    static void copy(Connection c, String table, String connectorId, long[] keys, long[] fingerprints, int count)
            throws SQLException {
        byte[] id = connectorId.getBytes(StandardCharsets.UTF_8);
        int rowBytes = 2 + 4 + id.length + 2 * (4 + 8);
        ByteBuffer out = ByteBuffer.allocate(HEADER.length + count * rowBytes + 2);
        out.put(HEADER);
        for (int i = 0; i < count; i++) {
            out.putShort(FIELDS);
            out.putInt(id.length).put(id);
            out.putInt(8).putLong(keys[i]);
            out.putInt(8).putLong(fingerprints[i]);
        }
        out.putShort((short) -1);
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table
                + " (connector_id, key_hash, fingerprint) FROM STDIN (FORMAT binary)");
        try {
            in.writeToCopy(out.array(), 0, out.position());
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }
}
