package com.qanatix.connectors.mongo;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mongo-java-server's memory backend with the part of {@code mongod --auth} a client meets: one
 * user, authenticated with SCRAM-SHA-256 on the {@code admin} database; until a connection has
 * authenticated, every command but the handshake fails with code 13 (Unauthorized), and a failed
 * authentication answers code 18 (AuthenticationFailed), as mongod does. The driver's own
 * authentication code runs against it unchanged.
 */
final class AuthenticatingBackend extends MemoryBackend {
    private static final Set<String> OPEN_COMMANDS = Set.of("hello", "ismaster", "buildinfo", "saslstart",
            "saslcontinue", "ping", "endsessions", "getlasterror", "getnonce");

    private final String user;
    private final String password;
    private final Map<Channel, ScramSha256Server> conversations = new ConcurrentHashMap<>();
    private final Set<Channel> authenticated = ConcurrentHashMap.newKeySet();

    AuthenticatingBackend(String user, String password) {
        this.user = user;
        this.password = password;
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        String name = command.toLowerCase(java.util.Locale.ROOT);
        switch (name) {
            case "saslstart":
                return saslStart(channel, database, query);
            case "saslcontinue":
                return saslContinue(channel, query);
            case "hello", "ismaster": {
                Document reply = super.handleCommand(channel, database, command, query);
                if ((user + "").equals(mechanismsAskedFor(query))) {
                    reply.put("saslSupportedMechs", List.of("SCRAM-SHA-256"));
                }
                return reply;
            }
            default:
                if (!OPEN_COMMANDS.contains(name) && !authenticated.contains(channel)) {
                    throw new MongoServerError(13, "Unauthorized",
                            "command " + command + " requires authentication");
                }
                return super.handleCommand(channel, database, command, query);
        }
    }

    private static String mechanismsAskedFor(Document hello) {
        Object asked = hello.get("saslSupportedMechs");
        if (!(asked instanceof String s) || !s.startsWith("admin.")) {
            return null;
        }
        return s.substring("admin.".length());
    }

    private Document saslStart(Channel channel, String database, Document query) {
        ScramSha256Server scram = new ScramSha256Server(user, password);
        Optional<String> first = "admin".equals(database) && "SCRAM-SHA-256".equals(query.get("mechanism"))
                ? scram.first(payload(query)) : Optional.empty();
        if (first.isEmpty()) {
            throw authenticationFailed();
        }
        conversations.put(channel, scram);
        return reply(first.get(), false);
    }

    private Document saslContinue(Channel channel, Document query) {
        ScramSha256Server scram = conversations.remove(channel);
        Optional<String> last = scram == null ? Optional.empty() : scram.last(payload(query));
        if (last.isEmpty()) {
            throw authenticationFailed();
        }
        authenticated.add(channel);
        return reply(last.get(), true);
    }

    private static MongoServerError authenticationFailed() {
        return new MongoServerError(18, "AuthenticationFailed", "Authentication failed.");
    }

    private static String payload(Document query) {
        Object p = query.get("payload");
        byte[] bytes = p instanceof BinData b ? b.getData() : p instanceof byte[] raw ? raw : new byte[0];
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Document reply(String payload, boolean done) {
        Document reply = new Document("conversationId", 1);
        reply.put("done", done);
        reply.put("payload", new BinData(payload.getBytes(StandardCharsets.UTF_8)));
        reply.put("ok", 1.0);
        return reply;
    }

    @Override
    public void handleClose(Channel channel) {
        conversations.remove(channel);
        authenticated.remove(channel);
        super.handleClose(channel);
    }
}
