package com.qanatix.core.internal.store;

import com.qanatix.core.StoreException;
import com.qanatix.core.Watermark;
import com.qanatix.core.internal.WatermarkValues;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * One connector's fingerprints and watermark in a store directory, committed together and safe
 * against a crash at any point.
 *
 * <p><b>Files.</b> {@code <id>.table-<n>}: the {@link MappedFingerprintTable}'s 64 KB pages, memory-mapped.
 * {@code <id>.meta}: small, replaced atomically; the format version, a generation number, which
 * table file is current, the watermark, the table's directory and each page's depth and count, and
 * a CRC. {@code <id>.wal}: the write-ahead log of commits since the last checkpoint.
 *
 * <p><b>Commit.</b> A pull's puts go to a table of its own: in memory while it fits in the buffer
 * {@link PullTableMemory} lends, then in a temporary file (so a first pull of 100M rows needs no
 * more memory than one of a million). The first commit into an empty index writes that table to
 * its file, forces it and makes it the table with one atomic {@code meta} write. Later commits append the pull's
 * entries and watermark to the WAL, with a CRC, and force it: that is the commit point. The entries
 * are then written into the table in place (a full page splits into pages the last checkpoint does
 * not use), so a commit costs about its WAL bytes. A checkpoint (force the table, write
 * {@code meta}, empty the WAL) follows when the WAL passes {@value #CHECKPOINT_BYTES} bytes, and on
 * close. Opening replays every complete WAL record of the current generation (puts are idempotent;
 * a torn tail is ignored) and checkpoints.
 *
 * <p><b>Concurrency.</b> Lookups share a read lock, a commit takes the write lock. The mapped memory
 * is never unmapped explicitly, so a pull still reading when the store closes reads valid memory,
 * and {@link #lookup} fails it on its next chunk.
 */
final class DirectoryIndex {
    /** Format version of {@code meta}; a later one may add the source id strings (deletes by reconciliation). */
    static final int VERSION = 1;
    private static final int META_MAGIC = 0x51584958; // "QXIX"
    private static final int WAL_MAGIC = 0x5158574C; // "QXWL"
    static final long CHECKPOINT_BYTES = 64L << 20;

    private final Path dir;
    private final String id;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** The committed entries; null while none were ever committed. */
    private MappedFingerprintTable table;
    private long tableNumber = -1;
    private long generation;
    private Optional<Watermark> watermark = Optional.empty();
    private FileChannel wal;
    private long walBytes;
    private volatile String closedReason;
    private volatile boolean deleted;

    private DirectoryIndex(Path dir, String id) {
        this.dir = dir;
        this.id = id;
    }

    /**
     * Opens a connector's index, recovering from a crash if the WAL holds commits the table may not.
     *
     * @param dir the store directory (whose lock this process holds)
     * @param id the connector id
     * @param indexFiles the connector's table files and pulls' temporary files that were in the
     *     directory when the store opened it ({@link #indexFileOwner}); those no {@code meta} refers to are deleted
     * @return the index
     */
    static DirectoryIndex open(Path dir, String id, List<Path> indexFiles) {
        DirectoryIndex index = new DirectoryIndex(dir, id);
        try {
            index.load(indexFiles);
        } catch (IOException e) {
            index.closeFiles();
            throw new StoreException("cannot open the fingerprint index of connector " + id + " in " + dir + ": "
                    + e.getMessage() + "; restore the files from a backup, or delete " + id + ".meta, " + id
                    + ".wal and " + id + ".table-* to start its dedup state over (its next pull then reads and "
                    + "delivers every row again)", e);
        } catch (RuntimeException e) {
            index.closeFiles();
            throw e;
        }
        return index;
    }

    private Path meta() {
        return dir.resolve(id + ".meta");
    }

    private Path tableFile(long number) {
        return dir.resolve(id + ".table-" + number);
    }

    /**
     * @param name a file name in a store directory
     * @return the connector id, if it is a table file or a pull's temporary file of one
     */
    static Optional<String> indexFileOwner(String name) {
        int dot = name.indexOf('.');
        if (dot > 0 && (name.startsWith(".table-", dot) || (name.startsWith(".pull-", dot) && name.endsWith(".tmp")))) {
            return Optional.of(name.substring(0, dot));
        }
        return Optional.empty();
    }

    private void load(List<Path> indexFiles) throws IOException {
        byte[] meta;
        try {
            meta = Files.readAllBytes(meta());
        } catch (NoSuchFileException e) {
            meta = null;
            if (Files.exists(dir.resolve(id + ".fingerprints")) || Files.exists(dir.resolve(id + ".watermark"))) {
                throw new StoreException("connector " + id + " in " + dir + " has fingerprints in the format of an "
                        + "earlier version (" + id + ".fingerprints, " + id + ".watermark); delete those two files "
                        + "and its next pull reads every row again");
            }
        }
        if (meta != null) {
            readMeta(meta);
        }
        removeStrayFiles(indexFiles);
        Path walFile = dir.resolve(id + ".wal");
        if (Files.exists(walFile)) { // created by the first commit that needs it, so a mere look creates no file
            wal = FileChannel.open(walFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            walBytes = wal.size();
        }
        if (walBytes > 0) {
            recover();
        }
    }

    private void readMeta(byte[] bytes) throws IOException {
        if (bytes.length < 12) {
            throw new IOException(meta() + " is truncated");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != META_MAGIC) {
            throw new IOException(meta() + " is not a fingerprint index");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException(meta() + " has format version " + version + "; this version reads " + VERSION);
        }
        int stored = (bytes[bytes.length - 4] & 0xff) << 24 | (bytes[bytes.length - 3] & 0xff) << 16
                | (bytes[bytes.length - 2] & 0xff) << 8 | (bytes[bytes.length - 1] & 0xff);
        if ((int) crc.getValue() != stored) {
            throw new IOException(meta() + " fails its checksum");
        }
        generation = in.readLong();
        tableNumber = in.readLong();
        watermark = readWatermark(in);
        if (tableNumber >= 0) {
            MappedPages pages = new MappedPages(tableFile(tableNumber), false);
            try {
                table = MappedFingerprintTable.readFrom(in, pages);
            } catch (IOException | RuntimeException e) {
                pages.close();
                throw e;
            }
        }
    }

    /** Deletes table files no {@code meta} refers to and temporary files of pulls that died. */
    private void removeStrayFiles(List<Path> indexFiles) throws IOException {
        String current = id + ".table-" + tableNumber;
        for (Path p : indexFiles) {
            String name = p.getFileName().toString();
            if ((name.startsWith(id + ".table-") && !name.equals(current))
                    || (name.startsWith(id + ".pull-") && name.endsWith(".tmp"))) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Replays the WAL's complete records of this generation into the table, then checkpoints. */
    private void recover() throws IOException {
        if (table != null) {
            table.distrustCounts();
        }
        long at = 0;
        while (at < walBytes) {
            long end = verifiedRecordEnd(at);
            if (end < 0) {
                break; // a torn tail: the commit it began never completed
            }
            replay(at);
            at = end;
        }
        if (table != null) {
            table.trustCounts();
        }
        checkpoint();
    }

    private InputStream walFrom(long position) throws IOException {
        return new BufferedInputStream(Channels.newInputStream(wal.position(position)), 1 << 16);
    }

    /** @return where the record starting at {@code start} ends, or -1 if it is incomplete or corrupt */
    private long verifiedRecordEnd(long start) throws IOException {
        CountingInput counted = new CountingInput(walFrom(start));
        CheckedInputStream checked = new CheckedInputStream(counted, new CRC32());
        DataInputStream in = new DataInputStream(checked);
        try {
            if (in.readInt() != WAL_MAGIC) {
                return -1;
            }
            in.readLong();
            long count = in.readLong();
            if (count < 0 || count > (walBytes - start) / 16) {
                return -1;
            }
            in.skipNBytes(count * 16);
            readWatermark(in);
            long computed = checked.getChecksum().getValue();
            int stored = in.readInt();
            return (int) computed == stored ? start + counted.bytes : -1;
        } catch (EOFException | java.io.StreamCorruptedException | RuntimeException e) {
            return -1;
        }
    }

    /** @return whether the record (verified) belonged to this generation and was applied */
    private boolean replay(long start) throws IOException {
        DataInputStream in = new DataInputStream(walFrom(start));
        in.readInt();
        long recordGeneration = in.readLong();
        long count = in.readLong();
        if (recordGeneration != generation) {
            return false; // already in the checkpoint that replaced its generation
        }
        if (count > 0 && table == null) {
            throw new IOException(id + ".wal holds entries for an index without a table");
        }
        if (count > 0) {
            table.writeFor(count);
        }
        for (long i = 0; i < count; i++) {
            table.put(in.readLong(), in.readLong());
        }
        watermark = readWatermark(in);
        return true;
    }

    /** @return the watermark of the last commit, if any */
    Optional<Watermark> watermark() {
        lock.readLock().lock();
        try {
            return watermark;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** @return committed entries */
    long size() {
        lock.readLock().lock();
        try {
            return table == null ? 0 : table.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Looks keys up in the committed entries; see {@link PullState#getAll}.
     *
     * @throws StoreException when the store was closed
     */
    void lookup(long[] keyHashes, int count, long missing, long[] out) {
        String closed = closedReason;
        if (closed != null) {
            throw new StoreException(closed);
        }
        lock.readLock().lock();
        try {
            if (table == null) {
                java.util.Arrays.fill(out, 0, count, missing);
            } else {
                table.getAll(keyHashes, count, missing, out);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** @return an empty table in a temporary file of its own, for one pull's puts */
    MappedFingerprintTable newPullTable() {
        Path file = dir.resolve(id + ".pull-" + UUID.randomUUID() + ".tmp");
        try {
            return MappedFingerprintTable.create(MappedPages.temporary(file), false);
        } catch (IOException e) {
            throw new StoreException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    /** Drops a pull's table without committing it. */
    static void discard(MappedFingerprintTable pullTable) {
        pullTable.close();
        try {
            Files.deleteIfExists(pullTable.pages().path());
        } catch (IOException e) {
            // removed when the index is next opened
        }
    }

    /**
     * Commits a pull: its entries (owned from this call on) and watermark, durably and together.
     *
     * @param pullTable the pull's puts; null if it put nothing
     * @param newWatermark the watermark
     */
    void commit(MappedFingerprintTable pullTable, Watermark newWatermark) {
        lock.writeLock().lock();
        try {
            String closed = closedReason;
            if (closed != null) {
                throw new StoreException(closed);
            }
            if (deleted || !Files.exists(dir.resolve(id + ".connector.json"))) {
                return;
            }
            if (table == null) {
                commitFirst(pullTable, newWatermark);
                pullTable = null;
            } else {
                appendToWal(pullTable, newWatermark);
                try {
                    if (pullTable != null) {
                        table.writeFor(pullTable.size());
                        pullTable.forEach(table::put);
                    }
                    watermark = Optional.of(newWatermark);
                    if (walBytes >= CHECKPOINT_BYTES) {
                        checkpoint();
                    }
                } catch (IOException | RuntimeException e) {
                    // Durable in the WAL, but this process's view is behind it: reopening replays it.
                    closedReason = "the fingerprint index of connector " + id + " failed after a commit ("
                            + e.getMessage() + "); close the store and open it again";
                    throw new StoreException(closedReason, e);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot commit the pull of connector " + id + ": " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
            if (pullTable != null) {
                discard(pullTable);
            }
        }
    }

    /** The first entries: the pull's table becomes the table, with one atomic {@code meta} write. */
    private void commitFirst(MappedFingerprintTable pullTable, Watermark newWatermark) throws IOException {
        if (pullTable == null) {
            writeMeta(generation + 1, -1, null, Optional.of(newWatermark));
            generation++;
            watermark = Optional.of(newWatermark);
            return;
        }
        long number = generation + 1;
        Path target = tableFile(number);
        try {
            pullTable.pages().force();
            Files.move(pullTable.pages().path(), target, StandardCopyOption.ATOMIC_MOVE);
            pullTable.pages().renamedTo(target);
            pullTable.shadowSplits();
            writeMeta(generation + 1, number, pullTable, Optional.of(newWatermark));
        } catch (IOException | RuntimeException e) {
            discard(pullTable);
            throw e;
        }
        generation++;
        tableNumber = number;
        table = pullTable;
        watermark = Optional.of(newWatermark);
    }

    private void appendToWal(MappedFingerprintTable pullTable, Watermark newWatermark) throws IOException {
        long count = pullTable == null ? 0 : pullTable.size();
        if (wal == null) {
            wal = FileChannel.open(dir.resolve(id + ".wal"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }
        CheckedOutputStream checked = new CheckedOutputStream(
                new BufferedOutputStream(Channels.newOutputStream(wal.position(walBytes)), 1 << 16), new CRC32());
        DataOutputStream out = new DataOutputStream(checked);
        try {
            out.writeInt(WAL_MAGIC);
            out.writeLong(generation);
            out.writeLong(count);
            if (pullTable != null) {
                java.io.IOException[] failed = {null};
                pullTable.forEach((k, v) -> {
                    if (failed[0] == null) {
                        try {
                            out.writeLong(k);
                            out.writeLong(v);
                        } catch (IOException e) {
                            failed[0] = e;
                        }
                    }
                });
                if (failed[0] != null) {
                    throw failed[0];
                }
            }
            writeWatermark(out, Optional.of(newWatermark));
            out.writeInt((int) checked.getChecksum().getValue());
            out.flush();
            wal.force(false); // the commit point
            walBytes = wal.size();
        } catch (IOException | RuntimeException e) {
            try {
                wal.truncate(walBytes); // a later commit must not follow a torn record
            } catch (IOException truncateFailed) {
                closedReason = "the write-ahead log of connector " + id + " cannot be repaired (" + truncateFailed.getMessage()
                        + "); close the store and open it again";
            }
            throw e;
        }
    }

    /** Forces the table, writes {@code meta} for it and empties the WAL. */
    private void checkpoint() throws IOException {
        if (table != null) {
            table.pages().force();
        }
        writeMeta(generation + 1, tableNumber, table, watermark);
        generation++;
        if (table != null) {
            table.checkpointed();
        }
        if (wal != null) {
            wal.truncate(0);
        }
        walBytes = 0;
    }

    private void writeMeta(long newGeneration, long number, MappedFingerprintTable structure, Optional<Watermark> w)
            throws IOException {
        AtomicFiles.write(meta(), raw -> {
            CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32());
            DataOutputStream out = new DataOutputStream(checked);
            out.writeInt(META_MAGIC);
            out.writeInt(VERSION);
            out.writeLong(newGeneration);
            out.writeLong(number);
            writeWatermark(out, w);
            if (structure != null) {
                structure.writeTo(out);
            }
            out.flush();
            new DataOutputStream(raw).writeInt((int) checked.getChecksum().getValue());
        });
    }

    private static void writeWatermark(DataOutput out, Optional<Watermark> w) throws IOException {
        if (w.isEmpty()) {
            out.writeByte(0);
            return;
        }
        out.writeByte(1);
        writeString(out, w.get().lastPullStartedAt().toString());
        Optional<Object> column = w.get().columnValue();
        out.writeByte(column.isPresent() ? 1 : 0);
        if (column.isPresent()) {
            writeString(out, WatermarkValues.encode(column.get()));
        }
    }

    private static Optional<Watermark> readWatermark(DataInput in) throws IOException {
        if (in.readByte() == 0) {
            return Optional.empty();
        }
        Instant started = Instant.parse(readString(in));
        Optional<Object> column = in.readByte() == 0 ? Optional.empty() : Optional.of(WatermarkValues.decode(readString(in)));
        return Optional.of(new Watermark(started, column));
    }

    private static void writeString(DataOutput out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 24)) {
            throw new java.io.StreamCorruptedException("a stored string of " + n + " bytes");
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The store closes: checkpoint if the WAL holds commits, close the files, and fail every pull
     * still using the index (on its next lookup, or its commit).
     */
    void close() {
        lock.writeLock().lock();
        try {
            if (closedReason != null) {
                return;
            }
            closedReason = "the connector store was closed during the pull of connector " + id
                    + "; nothing of this pull was committed";
            if (walBytes > 0 && !deleted) {
                try {
                    checkpoint();
                } catch (IOException e) {
                    // the WAL stays; the next open replays it
                }
            }
            closeFiles();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The connector is deleted: a running pull may finish reading, its commit does nothing. */
    void delete() {
        lock.writeLock().lock();
        try {
            deleted = true;
            closeFiles();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void closeFiles() {
        if (table != null) {
            table.close();
        }
        if (wal != null) {
            try {
                wal.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    /** Counts the bytes read through it. */
    private static final class CountingInput extends java.io.FilterInputStream {
        long bytes;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytes++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                bytes += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            bytes += skipped;
            return skipped;
        }
    }
}
