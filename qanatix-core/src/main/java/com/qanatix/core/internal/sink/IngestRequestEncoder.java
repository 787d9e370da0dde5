package com.qanatix.core.internal.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.SinkException;
import com.qanatix.core.internal.JsonSupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes batches into ingest request bodies {@code {"records":[{"name","source_id","vertical_data"},…]}},
 * splitting a batch where a request would exceed its record or byte limit, or where the vertical or
 * entity type changes (they are in the request's path). Each record is encoded once: one that does
 * not fit is moved, already encoded, to the next request. One encoder serves one pull, on its thread.
 */
public final class IngestRequestEncoder {
    private static final byte[] HEAD = "{\"records\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "]}".getBytes(StandardCharsets.US_ASCII);

    private final int maxRecords;
    private final long maxBytes;
    private final Body body = new Body();
    private final JsonGenerator generator;
    private final RecordJsonWriter writer = new RecordJsonWriter();

    /**
     * @param maxRecords the most records a request may hold
     * @param maxBytes the most bytes a request body may have
     */
    public IngestRequestEncoder(int maxRecords, long maxBytes) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        try {
            this.generator = JsonSupport.WRITER.createGenerator(body, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        generator.setRootValueSeparator(null);
    }

    /**
     * @param batch records, read during the call only
     * @return the requests that carry them, in order
     * @throws SinkException if one record alone is above the byte limit of a request
     */
    public List<IngestRequest> encode(List<IngestRecord> batch) {
        List<IngestRequest> requests = new ArrayList<>(1);
        String vertical = null;
        String entityType = null;
        int count = 0;
        try {
            for (IngestRecord r : batch) {
                if (count > 0 && (count == maxRecords || !sameTarget(vertical, entityType, r))) {
                    requests.add(finish(vertical, entityType, count));
                    count = 0;
                }
                if (count == 0) {
                    body.write(HEAD);
                    vertical = r.vertical();
                    entityType = r.entityType();
                }
                int mark = body.size;
                if (count > 0) {
                    body.write(',');
                }
                writer.writeIngestRecord(generator, r);
                generator.flush();
                if (body.size + TAIL.length > maxBytes) {
                    int start = count > 0 ? mark + 1 : mark;
                    int recordBytes = body.size - start;
                    if (count == 0 || HEAD.length + recordBytes + TAIL.length > maxBytes) {
                        throw new SinkException("record with source_id " + r.sourceId() + " is " + recordBytes
                                + " bytes of JSON, more than an ingest request may carry (" + maxBytes
                                + " bytes); leave large columns out of the connector's query");
                    }
                    byte[] record = Arrays.copyOfRange(body.bytes, start, body.size);
                    body.size = mark;
                    requests.add(finish(vertical, entityType, count));
                    body.write(HEAD);
                    body.write(record);
                    count = 0;
                }
                count++;
            }
            if (count > 0) {
                requests.add(finish(vertical, entityType, count));
            }
        } catch (IOException e) {
            throw new SinkException("encoding an ingest request failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            body.size = 0;
            throw e;
        }
        return requests;
    }

    private static boolean sameTarget(String vertical, String entityType, IngestRecord r) {
        return (vertical == r.vertical() || vertical.equals(r.vertical()))
                && (entityType == r.entityType() || entityType.equals(r.entityType()));
    }

    private IngestRequest finish(String vertical, String entityType, int count) {
        body.write(TAIL);
        IngestRequest request = new IngestRequest(vertical, entityType, body.bytes, body.size, count);
        body.bytes = new byte[Math.max(64 * 1024, body.size + body.size / 8)]; // the next is likely as large
        body.size = 0;
        return request;
    }

    /** A growable byte array the generator writes into; its array is handed to each request. */
    private static final class Body extends OutputStream {
        byte[] bytes = new byte[64 * 1024];
        int size;

        private void ensure(int extra) {
            if (size + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + extra, bytes.length * 2));
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }
    }
}
