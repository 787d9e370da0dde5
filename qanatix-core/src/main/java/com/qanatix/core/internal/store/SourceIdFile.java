package com.qanatix.core.internal.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import static java.util.Objects.requireNonNull;

/**
 * One connector's source ids on disk ({@code <id>.ids} in a directory store): the ids its pulls
 * ingested, each with its hash, so that a reconciliation can name the ids that disappeared from the
 * source. The fingerprint index keeps only hashes.
 *
 * <p><b>Format.</b> A 24-byte header (magic, version, the committed length in bytes, the committed
 * number of entries), then entries {@code [key hash: 8][length: 4][UTF-8 bytes]} in the order they
 * were added. Bytes past the committed length are a commit that never completed and are ignored.
 *
 * <p><b>Commits.</b> {@link #append} writes a pull's entries past the committed length, forces them,
 * then writes the header's length and count (one 16-byte write) and forces it: a crash leaves the
 * old length or the new one. {@link #rewriteWithout} writes the kept entries to a new file and renames
 * it over the old one. An id may appear twice after a crash between this file's commit and the
 * fingerprint index's; readers treat entries as a multiset.
 *
 * <p>Callers serialize use per connector (a connector's pulls and reconciliations never overlap).
 */
final class SourceIdFile {
    private static final int MAGIC = 0x51584944; // "QXID"
    private static final int VERSION = 1;
    static final int HEADER_BYTES = 24;
    private static final int MAX_ID_BYTES = 1 << 20;

    /** Receives entries read back. */
    @FunctionalInterface
    interface EntryConsumer {
        void accept(long keyHash, String sourceId) throws IOException;
    }

    private final Path path;
    private long length;
    private long count;

    private SourceIdFile(Path path, long length, long count) {
        this.path = path;
        this.length = length;
        this.count = count;
    }

    /**
     * @param path the file; absent means no id recorded yet
     * @return the file's committed state
     * @throws IOException when it exists and is not a source id file of this version
     */
    static SourceIdFile open(Path path) throws IOException {
        requireNonNull(path, "path is null");
        if (!Files.exists(path)) {
            return new SourceIdFile(path, HEADER_BYTES, 0);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // read the whole header
            }
            if (header.hasRemaining() || header.getInt(0) != MAGIC) {
                throw new IOException(path + " is not a source id file");
            }
            if (header.getInt(4) != VERSION) {
                throw new IOException(path + " has format version " + header.getInt(4) + "; this version reads "
                        + VERSION);
            }
            long length = header.getLong(8);
            long count = header.getLong(16);
            if (length < HEADER_BYTES || length > channel.size() || count < 0) {
                throw new IOException(path + " has a header that does not match its size");
            }
            return new SourceIdFile(path, length, count);
        }
    }

    /** @return the committed entries, duplicates included */
    synchronized long count() {
        return count;
    }

    /** @return the file */
    Path path() {
        return path;
    }

    /**
     * Appends the ids a pull added, durably; see the class comment.
     *
     * @param changes the pull's changes
     */
    synchronized void append(SourceIdChanges changes) throws IOException {
        java.util.Optional<Path> added = changes.addedFile();
        if (added.isEmpty() || changes.addedCount() == 0) {
            return;
        }
        if (!Files.exists(path)) {
            writeAtomically(path, out -> { }, new long[] {0, HEADER_BYTES});
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
             FileChannel from = FileChannel.open(added.get(), StandardOpenOption.READ)) {
            channel.truncate(length); // drops the tail of a commit that never completed
            long size = from.size();
            long at = 0;
            while (at < size) {
                at += channel.transferFrom(from, length + at, size - at);
            }
            channel.force(false);
            long newLength = length + size;
            long newCount = count + changes.addedCount();
            channel.write(ByteBuffer.allocate(16).putLong(newLength).putLong(newCount).flip(), 8);
            channel.force(false); // the commit point
            length = newLength;
            count = newCount;
        }
    }

    /**
     * Replaces the file by one without the entries whose hash is in {@code removed}, atomically.
     *
     * @param removed hashes to drop
     */
    synchronized void rewriteWithout(KeySet removed) throws IOException {
        if (!Files.exists(path) || removed.size() == 0) {
            return;
        }
        long[] kept = {0, HEADER_BYTES};
        writeAtomically(path, out -> forEach((keyHash, sourceId) -> {
            if (!removed.contains(keyHash)) {
                kept[1] += writeEntry(out, keyHash, sourceId);
                kept[0]++;
            }
        }), kept);
        count = kept[0];
        length = kept[1];
    }

    /** Streams the committed entries, in the order they were added. */
    synchronized void forEach(EntryConsumer action) throws IOException {
        if (count == 0) {
            return;
        }
        try (InputStream raw = Files.newInputStream(path)) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
            in.skipNBytes(HEADER_BYTES);
            readEntries(in, count, action);
        }
    }

    /** Forgets every id: deletes the file. */
    synchronized void clear() throws IOException {
        Files.deleteIfExists(path);
        length = HEADER_BYTES;
        count = 0;
    }

    /** @return the bytes written */
    static int writeEntry(DataOutput out, long keyHash, String sourceId) throws IOException {
        byte[] bytes = sourceId.getBytes(StandardCharsets.UTF_8);
        out.writeLong(keyHash);
        out.writeInt(bytes.length);
        out.write(bytes);
        return 12 + bytes.length;
    }

    static void readEntries(DataInputStream in, long entries, EntryConsumer action) throws IOException {
        byte[] buffer = new byte[256];
        for (long i = 0; i < entries; i++) {
            long keyHash = in.readLong();
            int n = in.readInt();
            if (n < 0 || n > MAX_ID_BYTES) {
                throw new java.io.StreamCorruptedException("a source id of " + n + " bytes");
            }
            if (n > buffer.length) {
                buffer = new byte[Math.max(n, buffer.length * 2)];
            }
            in.readFully(buffer, 0, n);
            action.accept(keyHash, new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
    }

    /** Writes entries. */
    @FunctionalInterface
    private interface Entries {
        void writeTo(DataOutputStream out) throws IOException;
    }

    /**
     * Writes a new file beside the target, its header last with {@code totals} ({count, length}, which
     * the entries' writer keeps up to date), forces it and renames it over the target.
     */
    private static void writeAtomically(Path target, Entries entries, long[] totals) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.position(HEADER_BYTES);
                OutputStream raw = Channels.newOutputStream(channel);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
                entries.writeTo(out);
                out.flush();
                channel.write(ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(VERSION).putLong(totals[1])
                        .putLong(totals[0]).flip(), 0);
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // not every platform syncs a directory; the rename is atomic all the same
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
