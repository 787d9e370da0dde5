package com.qanatix.core.internal.store;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.StoreException;
import com.qanatix.core.Watermark;
import com.qanatix.core.internal.ConnectorJson;
import com.qanatix.core.internal.WatermarkValues;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Keeps each connector in {@code <dir>/<id>.connector.json} (credentials only as a Fernet token),
 * its watermark in {@code <id>.watermark} and its fingerprints in {@code <id>.fingerprints}
 * (16 bytes an entry). Every file is replaced atomically.
 */
public final class DirectoryConnectorStore implements StoreBackend {
    private static final int FINGERPRINT_MAGIC = 0x51584650; // "QXFP"
    private static final int FINGERPRINT_VERSION = 1;

    private final Path dir;
    private final List<java.util.function.BiConsumer<String, String>> reporters =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Unreadable connector files already reported, by name, with the size and time they had then. */
    private final java.util.Map<String, String> reported = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param dir the directory, created if absent: readable by its owner only ({@code 0700}) where the
     *     file system has POSIX permissions, since its files hold credentials (as Fernet tokens) and
     *     fingerprints of the data
     */
    public DirectoryConnectorStore(Path dir) {
        this.dir = requireNonNull(dir, "dir is null");
        try {
            if (!Files.isDirectory(dir)) {
                boolean posix = dir.toAbsolutePath().getRoot() != null && java.nio.file.FileSystems.getDefault()
                        .supportedFileAttributeViews().contains("posix");
                if (posix) {
                    Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot create store directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path file(String id, String suffix) {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("connector id must be a UUID, was '" + id + "'");
        }
        return dir.resolve(id + suffix);
    }

    @Override
    public synchronized void save(StoredConnector connector) {
        requireNonNull(connector, "connector is null");
        byte[] json = ConnectorJson.writeStored(connector).getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(file(connector.id(), ".connector.json"), out -> out.write(json));
        } catch (IOException e) {
            throw new StoreException("cannot write connector " + connector.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<StoredConnector> find(String id) {
        Path p = file(id, ".connector.json");
        String text;
        try {
            text = Files.readString(p);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new StoreException(unreadable(p, new IllegalArgumentException(e)));
        } catch (IOException e) {
            throw new StoreException("cannot read connector " + id + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(ConnectorJson.readStored(text));
        } catch (RuntimeException e) {
            throw new StoreException(unreadable(p, e));
        }
    }

    @Override
    public Runnable onUnreadableEntry(java.util.function.BiConsumer<String, String> reporter) {
        requireNonNull(reporter, "reporter is null");
        reporters.add(reporter);
        return () -> reporters.remove(reporter);
    }

    /** Describes an unreadable connector file, and reports it (once until it changes) with one log line. */
    private String unreadable(Path p, RuntimeException e) {
        String problem = "connector file " + p + " is unreadable (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); it is skipped and pulls of that "
                + "connector fail. Restore the file from a backup, or delete it (with its .watermark and "
                + ".fingerprints files) and create the connector again";
        String version;
        try {
            version = Files.size(p) + "@" + Files.getLastModifiedTime(p);
        } catch (IOException io) {
            version = "?";
        }
        if (!version.equals(reported.put(p.getFileName().toString(), version))) {
            org.slf4j.LoggerFactory.getLogger(DirectoryConnectorStore.class).warn(problem);
            for (java.util.function.BiConsumer<String, String> r : reporters) {
                try {
                    r.accept(p.toString(), problem);
                } catch (RuntimeException ignored) {
                    // a reporter's failure must not break listing the others
                }
            }
        }
        return problem;
    }

    @Override
    public synchronized List<StoredConnector> list() {
        List<StoredConnector> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".connector.json") && !name.startsWith(".")) {
                    try {
                        all.add(ConnectorJson.readStored(Files.readString(p)));
                    } catch (RuntimeException | java.nio.charset.CharacterCodingException e) {
                        unreadable(p, e instanceof RuntimeException r ? r : new IllegalArgumentException(e));
                    }
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        all.sort(Comparator.comparing((StoredConnector s) -> s.connector().createdAt()).thenComparing(StoredConnector::id));
        return all;
    }

    @Override
    public synchronized boolean delete(String id) {
        try {
            Files.deleteIfExists(file(id, ".fingerprints"));
            Files.deleteIfExists(file(id, ".watermark"));
            return Files.deleteIfExists(file(id, ".connector.json"));
        } catch (IOException e) {
            throw new StoreException("cannot delete connector " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<Watermark> watermark(String id) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file(id, ".watermark"))) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read the watermark of " + id + ": " + e.getMessage(), e);
        }
        String column = p.getProperty("column_value");
        return Optional.of(new Watermark(Instant.parse(p.getProperty("last_pull_started_at")),
                Optional.ofNullable(column).map(WatermarkValues::decode)));
    }

    /** @return the committed fingerprints of a connector (empty if none), which the caller closes */
    synchronized FingerprintIndex committedFingerprints(String id) {
        FingerprintIndex[] index = {null};
        try {
            readFingerprints(id, count -> index[0] = new FingerprintIndex(count), (k, v) -> index[0].put(k, v));
        } catch (RuntimeException e) {
            if (index[0] != null) {
                index[0].close();
            }
            throw e;
        }
        return index[0] != null ? index[0] : new FingerprintIndex();
    }

    /**
     * Streams a connector's fingerprint file: the entry count, then each entry. Does nothing when
     * there is no file yet.
     */
    private void readFingerprints(String id, IntConsumer count, FingerprintIndex.EntryConsumer entry) {
        Path path = file(id, ".fingerprints");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16))) {
            if (in.readInt() != FINGERPRINT_MAGIC || in.readInt() != FINGERPRINT_VERSION) {
                throw new StoreException(path + " is not a fingerprint file of this version");
            }
            int n = in.readInt();
            count.accept(n);
            for (int i = 0; i < n; i++) {
                entry.accept(in.readLong(), in.readLong());
            }
        } catch (NoSuchFileException e) {
            // no pull committed yet
        } catch (EOFException e) {
            throw new StoreException(path + " is truncated", e);
        } catch (IOException e) {
            throw new StoreException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public PullState beginPull(String id) {
        return new IndexPullState(id, committedFingerprints(id), this::commitPull);
    }

    @Override
    public synchronized long fingerprintCount(String id) {
        try (FingerprintIndex index = committedFingerprints(id)) {
            return index.size();
        }
    }

    /** Merges a pull's changes (owned from the call on) and records its watermark. */
    synchronized void commitPull(String id, Watermark watermark, FingerprintIndex changedFingerprints) {
        try (changedFingerprints) {
            commit(id, watermark, changedFingerprints);
        }
    }

    private void commit(String id, Watermark watermark, FingerprintIndex changedFingerprints) {
        if (!Files.exists(file(id, ".connector.json"))) {
            return;
        }
        try {
            if (changedFingerprints.size() > 0) {
                writeMerged(id, changedFingerprints);
            }
            Properties p = new Properties();
            p.setProperty("last_pull_started_at", watermark.lastPullStartedAt().toString());
            watermark.columnValue().ifPresent(v -> p.setProperty("column_value", WatermarkValues.encode(v)));
            AtomicFiles.write(file(id, ".watermark"), out -> p.store(out, "qanatix watermark"));
        } catch (IOException e) {
            throw new StoreException("cannot commit the pull of " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Rewrites the fingerprint file as the old entries the changes do not replace, then the
     * changes, streaming the old file twice (once to count) instead of loading it: a merge in
     * memory held the old index and the changes at once, twice a large index's direct memory.
     */
    private void writeMerged(String id, FingerprintIndex changes) throws IOException {
        int[] kept = {0};
        readFingerprints(id, count -> { }, (k, v) -> {
            if (!changes.contains(k)) {
                kept[0]++;
            }
        });
        AtomicFiles.write(file(id, ".fingerprints"), out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(FINGERPRINT_MAGIC);
            data.writeInt(FINGERPRINT_VERSION);
            data.writeInt(kept[0] + changes.size());
            FingerprintIndex.EntryConsumer write = (k, v) -> {
                try {
                    data.writeLong(k);
                    data.writeLong(v);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            try {
                readFingerprints(id, count -> { }, (k, v) -> {
                    if (!changes.contains(k)) {
                        write.accept(k, v);
                    }
                });
                changes.forEach(write);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            data.flush();
        });
    }

    /** Holds nothing between calls: nothing to release. */
    @Override
    public void close() {
    }
}
