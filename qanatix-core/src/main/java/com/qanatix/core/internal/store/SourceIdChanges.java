package com.qanatix.core.internal.store;

import com.qanatix.core.StoreException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What one pull or reconciliation changes in a connector's source ids, kept until its commit: the
 * ids it added, in a temporary file (so a first pull of ten million rows needs no more heap than
 * one of ten), and the hashes a reconciliation removes. The file holds records in the format of
 * {@link SourceIdFile}, so a directory store appends it as it is.
 *
 * <p>Used by one thread; {@link #close()} deletes the file, safe to call twice.
 */
final class SourceIdChanges implements AutoCloseable {
    /** Makes the temporary file on the first added id. */
    @FunctionalInterface
    interface TempFiles {
        Path create() throws IOException;
    }

    private static final int BUFFER_BYTES = 1 << 16;

    private final TempFiles tempFiles;
    private Path file;
    private OutputStream out;
    /** Entries encoded here first, one write call a 64 KB: the per-row path of a pull adds to it. */
    private ByteBuffer buffer;
    private long added;
    private KeySet removed;

    /** @param tempFiles where the added ids wait for the commit */
    SourceIdChanges(TempFiles tempFiles) {
        this.tempFiles = requireNonNull(tempFiles, "tempFiles is null");
    }

    /**
     * @param keyHash the source id's hash
     * @param sourceId the source id
     */
    void add(long keyHash, String sourceId) {
        try {
            if (out == null) {
                file = tempFiles.create();
                out = new java.io.FileOutputStream(file.toFile()); // not a channel: no temporary direct buffers
                buffer = ByteBuffer.allocate(BUFFER_BYTES);
            }
            int length = sourceId.length();
            int most = 12 + 3 * length;
            if (buffer.remaining() < most) {
                drain();
                if (buffer.capacity() < most) {
                    buffer = ByteBuffer.allocate(most);
                }
            }
            buffer.putLong(keyHash);
            int lengthAt = buffer.position();
            buffer.position(lengthAt + 4);
            int n = length;
            for (int i = 0; i < length; i++) {
                char c = sourceId.charAt(i);
                if (c >= 0x80) { // not ASCII: the encoder's bytes, written over the ASCII ones
                    byte[] utf8 = sourceId.getBytes(StandardCharsets.UTF_8);
                    buffer.position(lengthAt + 4);
                    buffer.put(utf8);
                    n = utf8.length;
                    break;
                }
                buffer.put((byte) c);
            }
            buffer.putInt(lengthAt, n);
            added++;
        } catch (IOException e) {
            throw new StoreException("cannot keep the source ids of the pull" + (file == null ? "" : " in " + file)
                    + ": " + e.getMessage(), e);
        }
    }

    /** @param keys hashes whose entries the commit removes */
    void removeAll(KeySet keys) {
        this.removed = requireNonNull(keys, "keys is null");
    }

    /** @return how many ids were added */
    long addedCount() {
        return added;
    }

    /** @return the removed hashes, if a reconciliation set them */
    Optional<KeySet> removed() {
        return Optional.ofNullable(removed);
    }

    /** @return whether the commit has anything to do */
    boolean isEmpty() {
        return added == 0 && (removed == null || removed.size() == 0);
    }

    /**
     * @return the file of added entries, complete on disk (empty when none was added)
     * @throws IOException when it cannot be flushed
     */
    Optional<Path> addedFile() throws IOException {
        if (out != null) {
            drain();
            out.flush();
        }
        return Optional.ofNullable(file);
    }

    private void drain() throws IOException {
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
    }

    /** Streams the added entries, in the order they were added. */
    void forEachAdded(SourceIdFile.EntryConsumer action) throws IOException {
        Optional<Path> f = addedFile();
        if (f.isEmpty()) {
            return;
        }
        try (InputStream raw = Files.newInputStream(f.get())) {
            SourceIdFile.readEntries(new DataInputStream(new BufferedInputStream(raw, 1 << 16)), added, action);
        }
    }

    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            // the file is deleted below
        } finally {
            out = null;
            buffer = null;
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a directory store removes stray pull files when it opens the connector again
                }
                file = null;
            }
        }
    }
}
