package com.qanatix.core.internal.store;

import com.qanatix.core.ConnectorStore;
import com.qanatix.core.FingerprintIndex;
import com.qanatix.core.InvalidConfigException;
import com.qanatix.core.StoreException;
import com.qanatix.core.StoredConnector;
import com.qanatix.core.Watermark;
import com.qanatix.core.internal.ConnectorJson;
import com.qanatix.core.internal.WatermarkValues;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
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
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Keeps each connector in {@code <dir>/<id>.connector.json} (credentials only as a Fernet token),
 * its watermark in {@code <id>.watermark} and its fingerprints in {@code <id>.fingerprints}
 * (16 bytes an entry). Every file is replaced atomically.
 */
public final class DirectoryConnectorStore implements ConnectorStore {
    private static final int FINGERPRINT_MAGIC = 0x51584650; // "QXFP"
    private static final int FINGERPRINT_VERSION = 1;

    private final Path dir;

    /** @param dir the directory, created if absent */
    public DirectoryConnectorStore(Path dir) {
        this.dir = requireNonNull(dir, "dir is null");
        try {
            Files.createDirectories(dir);
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
        try {
            return Optional.of(ConnectorJson.readStored(Files.readString(file(id, ".connector.json"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (InvalidConfigException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read connector " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<StoredConnector> list() {
        List<StoredConnector> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".connector.json") && !name.startsWith(".")) {
                    all.add(ConnectorJson.readStored(Files.readString(p)));
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

    @Override
    public synchronized FingerprintIndex fingerprints(String id) {
        Path path = file(id, ".fingerprints");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16))) {
            if (in.readInt() != FINGERPRINT_MAGIC || in.readInt() != FINGERPRINT_VERSION) {
                throw new StoreException(path + " is not a fingerprint file of this version");
            }
            int count = in.readInt();
            FingerprintIndex index = new FingerprintIndex(count);
            for (int i = 0; i < count; i++) {
                index.put(in.readLong(), in.readLong());
            }
            return index;
        } catch (NoSuchFileException e) {
            return new FingerprintIndex();
        } catch (EOFException e) {
            throw new StoreException(path + " is truncated", e);
        } catch (IOException e) {
            throw new StoreException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void commitPull(String id, Watermark watermark, FingerprintIndex changedFingerprints) {
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
                try (FingerprintIndex merged = fingerprints(id)) {
                    merged.putAll(changedFingerprints);
                    writeFingerprints(id, merged);
                }
            }
            Properties p = new Properties();
            p.setProperty("last_pull_started_at", watermark.lastPullStartedAt().toString());
            watermark.columnValue().ifPresent(v -> p.setProperty("column_value", WatermarkValues.encode(v)));
            AtomicFiles.write(file(id, ".watermark"), out -> p.store(out, "qanatix watermark"));
        } catch (IOException e) {
            throw new StoreException("cannot commit the pull of " + id + ": " + e.getMessage(), e);
        }
    }

    private void writeFingerprints(String id, FingerprintIndex index) throws IOException {
        AtomicFiles.write(file(id, ".fingerprints"), out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(FINGERPRINT_MAGIC);
            data.writeInt(FINGERPRINT_VERSION);
            data.writeInt(index.size());
            IOException[] failure = new IOException[1];
            index.forEach((k, v) -> {
                if (failure[0] == null) {
                    try {
                        data.writeLong(k);
                        data.writeLong(v);
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            data.flush();
        });
    }
}
