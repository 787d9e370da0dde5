package com.qanatix.connectors.mongo.internal;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the server's clock at the start of a pull, before the find, with the handshake command
 * ({@code hello}, or {@code isMaster} on servers older than 4.4.2): its {@code localTime}. That is
 * where the next pull re-reads from, minus the lookback
 * ({@link com.qanatix.core.spi.RecordSource#watermarkStart()}), whatever the host's clock says.
 * MongoDB has no view of open transactions that a reading user may query
 * ({@code $currentOp} needs the {@code inprog} privilege), so nothing caps it: a multi-document
 * transaction open longer than the lookback can still commit documents the next pull misses.
 */
public final class ServerClock {
    private static final Logger LOG = LoggerFactory.getLogger(ServerClock.class);
    /** Connector ids already told that their server gave no time: logged once per connector. */
    private static final Set<String> NOTED = ConcurrentHashMap.newKeySet();

    private ServerClock() {
    }

    /**
     * @param client a connected client
     * @param connectorId the connector being pulled, to log a missing clock once
     * @return the server's time, or empty when it did not say (the core then uses the host's clock)
     * @throws com.mongodb.MongoException when the server cannot be reached or refuses the client
     */
    public static Optional<Instant> read(MongoClient client, String connectorId) {
        Object localTime;
        try {
            localTime = client.getDatabase("admin").runCommand(new Document("hello", 1)).get("localTime");
        } catch (MongoCommandException e) {
            localTime = client.getDatabase("admin").runCommand(new Document("isMaster", 1)).get("localTime");
        }
        if (localTime instanceof Date date) {
            return Optional.of(date.toInstant());
        }
        if (NOTED.add(connectorId)) {
            LOG.warn("connector {}: the MongoDB server's handshake has no localTime; the watermark uses the host's "
                    + "clock, so keep it in sync with the server's (NTP) or widen watermark_lookback_seconds", connectorId);
        }
        return Optional.empty();
    }
}
