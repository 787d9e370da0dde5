package com.qanatix.core.internal.store;

import com.qanatix.core.StoreException;
import com.qanatix.core.Watermark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The source ids of a directory store's connectors ({@code <dir>/<id>.ids}, a {@link SourceIdFile}
 * each), or of an in-memory store's, in a temporary directory deleted when the store closes (so
 * that ten million ids cost no heap).
 *
 * <p>A pull's commit appends its new ids before the fingerprint index commits: a crash between the
 * two leaves ids whose rows the next pull delivers again, never a row the index knows without its id.
 * A reconciliation's commit forgets the keys in the index first and drops their ids after: a crash
 * between the two leaves ids the next reconciliation reports again (deletions are at-least-once,
 * like records), never a key whose id is lost.
 */
final class FileSourceIdLogs implements AutoCloseable {
    private final Path dir;
    private final boolean temporary;
    private final Predicate<String> stored;
    private final Map<String, SourceIdFile> files = new HashMap<>();
    private Path created;

    private FileSourceIdLogs(Path dir, boolean temporary, Predicate<String> stored) {
        this.dir = dir;
        this.temporary = temporary;
        this.stored = stored;
    }

    /**
     * @param dir a directory store's directory
     * @param stored whether a connector is still stored: a pull of a connector deleted while it ran
     *     commits no ids
     * @return the source ids beside the connectors' indexes
     */
    static FileSourceIdLogs in(Path dir, Predicate<String> stored) {
        return new FileSourceIdLogs(dir, false, stored);
    }

    /**
     * @param stored whether a connector is still stored
     * @return source ids in a temporary directory, made on first use and deleted by {@link #close()}
     */
    static FileSourceIdLogs temporary(Predicate<String> stored) {
        return new FileSourceIdLogs(null, true, stored);
    }

    private synchronized Path dir() throws IOException {
        if (!temporary) {
            return dir;
        }
        if (created == null) {
            created = Files.createTempDirectory("qanatix-source-ids-");
        }
        return created;
    }

    private synchronized SourceIdFile file(String id) {
        SourceIdFile f = files.get(id);
        if (f != null) {
            return f;
        }
        Path path = null;
        try {
            path = dir().resolve(id + ".ids");
            f = SourceIdFile.open(path);
        } catch (IOException e) {
            throw new StoreException("cannot read the source ids of connector " + id + (path == null ? "" : " in " + path)
                    + ": " + e.getMessage() + "; delete that file and resync the connector (qx.resync) to record "
                    + "them again", e);
        }
        files.put(id, f);
        return f;
    }

    /**
     * @param id the connector
     * @param entries the store's pull state, owned from here on
     * @return a pull state that also records source ids
     */
    PullState wrap(String id, PullState entries) {
        SourceIdChanges changes = new SourceIdChanges(() -> Files.createTempFile(dir(), id + ".pull-", ".ids.tmp"));
        return new SourceIdPullState(entries, changes, (state, c, watermark) -> commit(id, state, c, watermark));
    }

    private void commit(String id, PullState entries, SourceIdChanges changes, Watermark watermark) {
        if (changes.isEmpty() || !stored.test(id)) {
            entries.commit(watermark);
            return;
        }
        SourceIdFile file = file(id);
        changes.removed().ifPresent(keys -> keys.forEach(k -> entries.put(k, SourceIdPullState.FORGOTTEN)));
        try {
            file.append(changes);
        } catch (IOException e) {
            throw new StoreException("cannot record the source ids of connector " + id + " in " + file.path() + ": "
                    + e.getMessage(), e);
        }
        entries.commit(watermark);
        if (changes.removed().isPresent()) {
            try {
                file.rewriteWithout(changes.removed().get());
            } catch (IOException e) {
                throw new StoreException("the fingerprints of the deleted ids of connector " + id + " were removed, "
                        + "but their ids could not be dropped from " + file.path() + " (" + e.getMessage()
                        + "); the next reconciliation reports them again", e);
            }
        }
    }

    /**
     * @param id the connector
     * @return its recorded source ids, duplicates included
     */
    long count(String id) {
        return file(id).count();
    }

    /** Streams a connector's recorded source ids. */
    void forEach(String id, SourceIdConsumer action) {
        SourceIdFile file = file(id);
        try {
            file.forEach(action::accept);
        } catch (IOException e) {
            throw new StoreException("cannot read the source ids of connector " + id + " in " + file.path() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Forgets a connector's source ids (resync, delete). */
    synchronized void clear(String id) {
        SourceIdFile f = files.remove(id);
        try {
            if (f != null) {
                f.clear();
            } else if (!temporary || created != null) {
                Files.deleteIfExists(dir().resolve(id + ".ids"));
            }
        } catch (IOException e) {
            throw new StoreException("cannot delete the source ids of connector " + id + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the temporary directory of an in-memory store; a directory store's files stay. */
    @Override
    public synchronized void close() {
        files.clear();
        if (!temporary || created == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(created)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // the operating system's temporary directory is cleaned by it in the end
        }
        created = null;
    }
}
