package com.qanatix.core;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.qanatix.core.internal.JsonSupport;
import com.qanatix.core.internal.sink.PeriodicFileSync;
import com.qanatix.core.internal.sink.RecordJsonWriter;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Writes records as NDJSON in the QANATIX ingest shape, one record a line:
 * {@code {"name":…,"source_id":…,"vertical":…,"entity_type":…,"vertical_data":{…}}}, temporals as
 * ISO-8601 and binary as base64. Batches of concurrent pulls never interleave within a batch; each
 * commit flushes (and, for a file, forces it to disk).
 *
 * <p>Deletions found by a reconciliation become tombstone lines,
 * {@code {"source_id":…,"vertical":…,"entity_type":…,"deleted":true}}.
 *
 * <p>Records are encoded into a 64 KB buffer that reaches the stream or file only when full (one
 * write call per 64 KB, not one per record), and on commit and close. A file is also forced to disk
 * on a thread of the sink's own after every 16 MB written, so that a long pull's commit does not wait
 * for the disk to write all of its output; that thread starts with the first such force and ends with
 * {@link #close()}. Delivery is at-least-once: a pull that fails after some batches were written
 * leaves those lines in the output, and the next pull writes them again.
 */
public final class JsonLinesSink implements RecordSink, AutoCloseable {
    /** Bytes written to a file between two forces ahead of the commit's. */
    private static final long SYNC_EVERY_BYTES = 16L << 20;

    private final OutputStream out;
    private final JsonGenerator generator;
    private final RecordJsonWriter writer = new RecordJsonWriter();
    private final java.nio.channels.FileChannel channel;
    private final PeriodicFileSync sync;

    /**
     * Appends to a file, creating it if absent.
     *
     * @param file the NDJSON file
     */
    public JsonLinesSink(Path file) {
        requireNonNull(file, "file is null");
        try {
            // A FileOutputStream, not a FileChannel's stream: a channel copies each heap buffer into a
            // temporary direct buffer, counted against -XX:MaxDirectMemorySize, which a pull's
            // fingerprint index also lives in.
            FileOutputStream stream = new FileOutputStream(file.toFile(), true);
            this.channel = stream.getChannel();
            this.out = new BufferedOutputStream(stream, 1 << 16);
            this.generator = newGenerator(out);
            this.sync = new PeriodicFileSync(channel, SYNC_EVERY_BYTES, "qanatix-ndjson-sync-" + file.getFileName());
        } catch (IOException e) {
            throw new SinkException("cannot open " + file + " for writing: " + e.getMessage(), e);
        }
    }

    /**
     * Writes to a stream the caller owns (it is flushed, not closed).
     *
     * @param stream the stream
     */
    public JsonLinesSink(OutputStream stream) {
        requireNonNull(stream, "stream is null");
        this.channel = null;
        this.sync = null;
        this.out = new BufferedOutputStream(new NonClosing(stream), 1 << 16);
        try {
            this.generator = newGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonGenerator newGenerator(OutputStream out) throws IOException {
        JsonGenerator g = JsonSupport.WRITER.createGenerator(out, JsonEncoding.UTF8);
        g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        g.setRootValueSeparator(null);
        return g;
    }

    @Override
    public synchronized void write(PullInfo pull, List<IngestRecord> batch) {
        try {
            for (IngestRecord r : batch) {
                writer.writeLine(generator, r);
                generator.writeRaw('\n');
            }
            if (sync != null) {
                sync.reached(channel.position());
            }
        } catch (IOException e) {
            throw new SinkException("writing NDJSON failed: " + e.getMessage(), e);
        }
    }

    /** @return true: deletions become tombstone lines */
    @Override
    public boolean supportsDeletes() {
        return true;
    }

    /**
     * Writes a tombstone line for each deleted source id:
     * {@code {"source_id":…,"vertical":…,"entity_type":…,"deleted":true}}.
     */
    @Override
    public synchronized void delete(PullInfo pull, String vertical, String entityType, List<String> sourceIds) {
        try {
            for (String sourceId : sourceIds) {
                generator.writeStartObject();
                generator.writeStringField("source_id", sourceId);
                generator.writeStringField("vertical", vertical);
                generator.writeStringField("entity_type", entityType);
                generator.writeBooleanField("deleted", true);
                generator.writeEndObject();
                generator.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new SinkException("writing NDJSON failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void commit(PullInfo pull) {
        try {
            generator.flush();
            out.flush();
            if (channel != null) {
                channel.force(false);
                IOException earlier = sync.failure();
                if (earlier != null) {
                    throw earlier;
                }
            }
        } catch (IOException e) {
            throw new SinkException("flushing NDJSON failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (sync != null) {
            sync.close();
        }
        try {
            generator.flush();
            out.flush();
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            throw new SinkException("closing NDJSON output failed: " + e.getMessage(), e);
        }
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
