package com.qanatix.connectors.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import com.qanatix.connectors.mongo.internal.AuthenticationFailures;
import com.qanatix.connectors.mongo.internal.FilterBinder;
import com.qanatix.connectors.mongo.internal.MongoRecordSource;
import com.qanatix.connectors.mongo.internal.ServerClock;
import com.qanatix.connectors.mongo.internal.NormalizedDocumentCodec;
import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.spi.SourceException;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;
import org.bson.BsonDocument;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.json.JsonParseException;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Connector type {@code mongodb}:
 * {@code {"uri": "mongodb://user:pass@host:27017/?authSource=admin", "database": "shop", "collection": "products"}}
 * (also {@code mongodb+srv://} and URI options), optional {@code projection} and {@code sort} (JSON
 * documents as strings), {@code server_selection_timeout_ms} (default 10000) and
 * {@code max_time_ms}. The query is a filter document in Extended JSON (relaxed or canonical);
 * every string value {@code ":last_pull"} in it is bound as a BSON date (or a number, for a numeric
 * watermark). Documents stream from the driver's cursor with batch size = {@code batch_size}; the
 * client is created when the pull starts and closed when it ends. {@code source_id} defaults to
 * {@code _id}.
 */
public final class MongoConnectorProvider implements ConnectorProvider {
    private static final long DEFAULT_SERVER_SELECTION_MS = 10_000;

    @Override
    public String connectorType() {
        return "mongodb";
    }

    @Override
    public Set<String> secretConfigKeys() {
        return Set.of("uri", "password");
    }

    /** @return the keys this type reads other than {@code uri} (which may hold credentials) */
    @Override
    public Set<String> nonSecretConfigKeys() {
        return Set.of("database", "collection", "projection", "sort", "server_selection_timeout_ms", "max_time_ms");
    }

    @Override
    public Optional<String> naturalKeyField() {
        return Optional.of("_id");
    }

    @Override
    public void validate(ConnectorConfig config, String query) {
        connectionString(config);
        name(config, "database");
        name(config, "collection");
        document(query, "query");
        config.optionalString("projection").ifPresent(p -> document(p, "connection_config.projection"));
        config.optionalString("sort").ifPresent(s -> document(s, "connection_config.sort"));
        config.getLong("server_selection_timeout_ms", DEFAULT_SERVER_SELECTION_MS);
        config.getLong("max_time_ms", 0);
    }

    @Override
    public RecordSource open(PullContext context) {
        ConnectorConfig config = context.config();
        ConnectionString uri = connectionString(config);
        BsonDocument filter = FilterBinder.bind(document(context.query(), "query"), context.parameters());
        long selectionMs = config.getLong("server_selection_timeout_ms", DEFAULT_SERVER_SELECTION_MS);
        MongoClientSettings settings = MongoClientSettings.builder().applyConnectionString(uri)
                .applyToClusterSettings(b -> b.serverSelectionTimeout(selectionMs, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b -> b.connectTimeout((int) Math.min(selectionMs, Integer.MAX_VALUE),
                        TimeUnit.MILLISECONDS))
                .build();
        MongoClient client = MongoClients.create(settings);
        try {
            Optional<Instant> serverTime = ServerClock.read(client, context.connectorId());
            NormalizedDocumentCodec codec = new NormalizedDocumentCodec();
            FindIterable<Map<String, Object>> find = client.getDatabase(name(config, "database"))
                    .getCollection(name(config, "collection"), codec.getEncoderClass())
                    .withCodecRegistry(CodecRegistries.fromRegistries(CodecRegistries.fromCodecs(codec),
                            MongoClientSettings.getDefaultCodecRegistry()))
                    .find(filter).batchSize(context.batchSize());
            config.optionalString("projection").ifPresent(p -> find.projection(document(p, "connection_config.projection")));
            config.optionalString("sort").ifPresent(s -> find.sort(document(s, "connection_config.sort")));
            long maxTime = config.getLong("max_time_ms", 0);
            if (maxTime > 0) {
                find.maxTime(maxTime, TimeUnit.MILLISECONDS);
            }
            MongoCursor<Map<String, Object>> cursor = find.iterator();
            return new MongoRecordSource(client, cursor, serverTime);
        } catch (MongoSecurityException e) {
            client.close();
            throw AuthenticationFailures.describe(e);
        } catch (MongoException | IllegalArgumentException e) {
            client.close();
            throw new SourceException("starting the find failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static ConnectionString connectionString(ConnectorConfig config) {
        String uri = config.requireString("uri");
        try {
            return new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            // The driver's message may quote the URI: say what is expected instead.
            throw new InvalidConfigException("connection_config.uri is not a valid MongoDB connection string "
                    + "(expected mongodb://user:password@host:27017/?options or mongodb+srv://...)");
        }
    }

    private static String name(ConnectorConfig config, String key) {
        String name = config.requireString(key);
        if (name.contains("\0") || key.equals("database") && name.matches(".*[/\\\\. \"$].*")) {
            throw new InvalidConfigException("connection_config." + key + " is not a valid name");
        }
        return name;
    }

    private static BsonDocument document(String json, String field) {
        try {
            return BsonDocument.parse(json);
        } catch (JsonParseException | org.bson.BsonInvalidOperationException | IllegalArgumentException e) {
            throw new InvalidConfigException(field + " is not a valid JSON document (Extended JSON): " + e.getMessage());
        }
    }
}
