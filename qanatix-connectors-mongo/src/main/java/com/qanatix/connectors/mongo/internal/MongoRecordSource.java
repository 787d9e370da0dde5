package com.qanatix.connectors.mongo.internal;

import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCursor;
import com.qanatix.core.spi.SourceException;
import com.qanatix.core.spi.RecordSource;

import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Streams a find's documents from the driver's cursor; owns the client and closes it. */
public final class MongoRecordSource implements RecordSource {
    private final MongoClient client;
    private final MongoCursor<Map<String, Object>> cursor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Optional<Instant> serverTime;

    /**
     * @param client the client, closed with this source
     * @param cursor the open cursor
     * @param serverTime the server's time read before the find, if it said
     */
    public MongoRecordSource(MongoClient client, MongoCursor<Map<String, Object>> cursor,
                             Optional<Instant> serverTime) {
        this.client = client;
        this.cursor = cursor;
        this.serverTime = serverTime;
    }

    /** @return the server's {@code localTime} read before the find (see {@link ServerClock}) */
    @Override
    public Optional<Instant> watermarkStart() {
        return serverTime;
    }

    @Override
    public boolean hasNext() {
        if (closed.get()) {
            throw new SourceException("the source was closed (pull aborted)");
        }
        try {
            return cursor.hasNext();
        } catch (MongoSecurityException e) {
            throw AuthenticationFailures.describe(e);
        } catch (MongoException | IllegalStateException e) {
            throw new SourceException("reading documents failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Object> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        try {
            return cursor.next();
        } catch (MongoSecurityException e) {
            throw AuthenticationFailures.describe(e);
        } catch (MongoException e) {
            throw new SourceException("reading documents failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            cursor.close();
        } catch (RuntimeException e) {
            // the client is closed below either way
        } finally {
            client.close();
        }
    }
}
