package com.qanatix.core.internal.store;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.StoreException;
import com.qanatix.core.Watermark;
import com.qanatix.core.internal.ConnectorJson;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Keeps each connector in {@code <dir>/<id>.connector.json} (credentials only as a Fernet token),
 * replaced atomically, and its fingerprints and watermark in a {@link DirectoryIndex}: a
 * memory-mapped table of about 30 bytes a source id on disk, a small {@code meta} file and a
 * write-ahead log, so neither a pull's memory nor a commit's cost grows with the connector's size.
 *
 * <p>One process at a time: the store holds an OS lock on {@code <dir>/.lock} from its creation
 * until {@link #close()}, and a second store on the directory (in this process or another) fails.
 */
public final class DirectoryConnectorStore implements StoreBackend {
    private static final String LOCK_FILE = ".lock";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, DirectoryIndex> indexes = new HashMap<>();
    private final FileSourceIdLogs sourceIds;
    private boolean closed;
    private final List<java.util.function.BiConsumer<String, String>> reporters =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Unreadable connector files already reported, by name, with the size and time they had then. */
    private final java.util.Map<String, String> reported = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param dir the directory, created if absent: readable by its owner only ({@code 0700}) where the
     *     file system has POSIX permissions, since its files hold credentials (as Fernet tokens) and
     *     fingerprints of the data
     * @throws StoreException when another store (of this process or another) has it open
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
        Path lockFile = dir.resolve(LOCK_FILE);
        FileChannel channel = null;
        FileLock taken = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                taken = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                taken = null; // held by another store of this process
            }
            if (taken == null) {
                String holder = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
                throw new StoreException("the store directory " + dir.toAbsolutePath() + " is in use by another store"
                        + (holder.isEmpty() ? "" : " (process " + holder + ")")
                        + "; one process at a time may open it: close the other store first, or give each "
                        + "instance its own directory or a shared JDBC store");
            }
            String me = ProcessHandle.current().pid() + "@" + java.net.InetAddress.getLocalHost().getHostName();
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("cannot lock the store directory " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
        this.lockChannel = channel;
        this.lock = taken;
        this.sourceIds = FileSourceIdLogs.in(dir, id -> Files.exists(file(id, ".connector.json")));
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to release
            }
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
                + "connector fail. Restore the file from a backup, or delete it (with the connector's other "
                + "files, named after its id) and create the connector again";
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
        Path json = file(id, ".connector.json");
        deleteState(id);
        try {
            return Files.deleteIfExists(json);
        } catch (IOException e) {
            throw new StoreException("cannot delete connector " + id + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a connector's index, source ids and pulls' temporary files; its definition stays. */
    private void deleteState(String id) {
        DirectoryIndex index = indexes.remove(id);
        if (index != null) {
            index.delete();
        }
        sourceIds.clear(id);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(id + ".") && !name.endsWith(".connector.json")) {
                    Files.deleteIfExists(p); // its meta, WAL, table, source ids and pulls' temporary files
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot delete the state of connector " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void resync(String id) {
        file(id, ".meta"); // validates the id
        deleteState(id);
    }

    @Override
    public void resetWatermark(String id, Watermark watermark) {
        requireNonNull(watermark, "watermark is null");
        index(id).commit(null, watermark);
    }

    /** @return the connector's open index, opened (and recovered, after a crash) on first use */
    private synchronized DirectoryIndex index(String id) {
        if (closed) {
            throw new StoreException("the connector store on " + dir + " is closed");
        }
        file(id, ".meta"); // validates the id
        return indexes.computeIfAbsent(id, i -> DirectoryIndex.open(dir, i));
    }

    @Override
    public Optional<Watermark> watermark(String id) {
        return index(id).watermark();
    }

    @Override
    public PullState beginPull(String id) {
        return new DirectoryPullState(index(id));
    }

    @Override
    public PullState beginPullWithSourceIds(String id) {
        return sourceIds.wrap(id, beginPull(id));
    }

    @Override
    public long sourceIdCount(String id) {
        file(id, ".ids"); // validates the id
        return sourceIds.count(id);
    }

    @Override
    public void forEachSourceId(String id, SourceIdConsumer action) {
        file(id, ".ids"); // validates the id
        sourceIds.forEach(id, action);
    }

    @Override
    public long fingerprintCount(String id) {
        return index(id).size();
    }

    /**
     * Checkpoints and closes every open index and releases the directory's lock. A pull still
     * running fails on its next lookup and commits nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        indexes.values().forEach(DirectoryIndex::close);
        indexes.clear();
        sourceIds.close();
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        closeQuietly(lockChannel);
    }
}
