package com.qanatix.connectors.mongo;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.security.sasl.SaslException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * mongo-java-server's memory backend behind SCRAM-SHA-256 authentication, answering like a
 * {@code mongod --auth}:
 *
 * <ul>
 *   <li>{@code hello}/{@code isMaster} with {@code saslSupportedMechs: "db.user"} answers
 *       {@code saslSupportedMechs: ["SCRAM-SHA-256"]} for a known user, and a
 *       {@code speculativeAuthenticate} saslStart in it is run and answered in the reply;</li>
 *   <li>{@code saslStart}/{@code saslContinue} run the conversation (with or without
 *       {@code skipEmptyExchange}); any failure answers {@code {ok: 0, errmsg: "Authentication
 *       failed.", code: 18, codeName: "AuthenticationFailed"}};</li>
 *   <li>on a connection that has not authenticated, every command but the handshake ones answers
 *       code 13 {@code Unauthorized};</li>
 *   <li>{@code createUser}, {@code updateUser} (password only) and {@code dropUser} manage users.</li>
 * </ul>
 *
 * Roles are accepted and ignored: an authenticated user may do anything. Per-connection state is
 * keyed by the Netty channel and dropped when the channel closes.
 */
final class AuthenticatingBackend extends MemoryBackend {
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticatingBackend.class);
    /** Commands mongod runs without authentication (lower case). */
    private static final Set<String> OPEN_COMMANDS = Set.of("hello", "ismaster", "buildinfo", "saslstart",
            "saslcontinue", "ping", "endsessions", "whatsmyuri", "logout");
    private static final int CONVERSATION_ID = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** database -> user -> credential. */
    private final Map<String, Map<String, ScramCredential>> users = new ConcurrentHashMap<>();
    private final Map<Channel, ConnectionAuthentication> connections = new ConcurrentHashMap<>();
    private final Supplier<String> serverNonces;

    /** A backend with random server nonces. */
    AuthenticatingBackend() {
        this(AuthenticatingBackend::randomNonce);
    }

    /** @param serverNonces the server's part of each SCRAM nonce (tests fix it) */
    AuthenticatingBackend(Supplier<String> serverNonces) {
        this.serverNonces = requireNonNull(serverNonces, "serverNonces is null");
    }

    /**
     * @param database the user's authentication database (the {@code authSource})
     * @param user the user name
     * @param password the password
     * @return this backend
     */
    AuthenticatingBackend addUser(String database, String user, String password) {
        return addUser(database, user, ScramCredential.forPassword(requireNonNull(password, "password is null")));
    }

    /**
     * @param database the user's authentication database
     * @param user the user name
     * @param credential the user's SCRAM-SHA-256 credential
     * @return this backend
     */
    AuthenticatingBackend addUser(String database, String user, ScramCredential credential) {
        requireNonNull(database, "database is null");
        requireNonNull(user, "user is null");
        requireNonNull(credential, "credential is null");
        users.computeIfAbsent(database, d -> new ConcurrentHashMap<>()).put(user, credential);
        return this;
    }

    /** @return how many connections have authentication state (for tests of the cleanup) */
    int connectionsWithState() {
        return connections.size();
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        ConnectionAuthentication connection = channel == null ? new ConnectionAuthentication()
                : connections.computeIfAbsent(channel, c -> new ConnectionAuthentication());
        switch (name) {
            case "hello", "ismaster":
                return handshake(channel, database, name, query, connection);
            case "saslstart":
                return saslStart(database, query, connection);
            case "saslcontinue":
                return saslContinue(database, query, connection);
            case "logout":
                connection.logout();
                return ok();
            default:
                break;
        }
        if (!OPEN_COMMANDS.contains(name) && !connection.isAuthenticated()) {
            return error(13, "Unauthorized", "Command " + command + " requires authentication");
        }
        switch (name) {
            case "createuser":
                return createUser(database, query);
            case "updateuser":
                return updateUser(database, query);
            case "dropuser":
                return dropUser(database, query);
            default:
                return super.handleCommand(channel, database, command, query);
        }
    }

    /** Legacy OP_QUERY reads: refused on a connection that has not authenticated. */
    @Override
    public QueryResult handleQuery(MongoQuery query) {
        ConnectionAuthentication connection = connections.get(query.getChannel());
        if (connection == null || !connection.isAuthenticated()) {
            throw new MongoServerError(13, "Unauthorized", "Command find requires authentication");
        }
        return super.handleQuery(query);
    }

    @Override
    public void handleClose(Channel channel) {
        connections.remove(channel);
        super.handleClose(channel);
    }

    private Document handshake(Channel channel, String database, String name, Document query,
            ConnectionAuthentication connection) {
        Document response = super.handleCommand(channel, database, "ismaster", query);
        if (name.equals("hello")) {
            response.remove("ismaster");
            response.put("isWritablePrimary", Boolean.TRUE);
        }
        if (query.get("saslSupportedMechs") instanceof String namespace) {
            int dot = namespace.indexOf('.');
            if (dot > 0 && credential(namespace.substring(0, dot), namespace.substring(dot + 1)).isPresent()) {
                response.put("saslSupportedMechs", List.of(ScramSha256Authenticator.MECHANISM));
            }
        }
        if (query.get("speculativeAuthenticate") instanceof Document speculative
                && speculative.get("db") instanceof String authDatabase) {
            // mongod answers a speculative saslStart in the handshake, and leaves the field out when
            // it fails: the driver then authenticates the long way and gets the failure from there.
            Document started = saslStart(authDatabase, speculative, connection);
            if (isOk(started)) {
                started.remove("ok");
                response.put("speculativeAuthenticate", started);
            }
        }
        return response;
    }

    private Document saslStart(String database, Document command, ConnectionAuthentication connection) {
        connection.endConversation();
        Object mechanism = command.get("mechanism");
        if (!ScramSha256Authenticator.MECHANISM.equals(mechanism) && !"SCRAM-SHA-1".equals(mechanism)) {
            return error(334, "MechanismUnavailable",
                    "Received authentication for mechanism " + mechanism + " which is unknown or not enabled");
        }
        ScramSha256Authenticator scram = new ScramSha256Authenticator(user -> credential(database, user), serverNonces);
        try {
            if (!ScramSha256Authenticator.MECHANISM.equals(mechanism)) {
                throw new SaslException("the user has no " + mechanism + " credentials");
            }
            String serverFirst = scram.serverFirstMessage(payload(command));
            boolean skipEmptyExchange = command.get("options") instanceof Document options
                    && Boolean.TRUE.equals(options.get("skipEmptyExchange"));
            connection.startConversation(new Conversation(database, scram, skipEmptyExchange));
            return step(false, serverFirst);
        } catch (SaslException e) {
            return authenticationFailed(mechanism, database, scram.user(), e);
        }
    }

    private Document saslContinue(String database, Document command, ConnectionAuthentication connection) {
        Conversation conversation = connection.conversation();
        if (conversation == null || !(command.get("conversationId") instanceof Number id)
                || id.intValue() != CONVERSATION_ID || !conversation.database().equals(database)) {
            connection.endConversation();
            return error(17, "ProtocolError", "No SASL session state found");
        }
        ScramSha256Authenticator scram = conversation.scram();
        try {
            byte[] payload = payload(command);
            if (conversation.awaitingEmptyExchange()) {
                if (payload.length != 0) {
                    throw new SaslException("the last client message must be empty");
                }
                connection.authenticated(scram.user(), database);
                return step(true, "");
            }
            String serverFinal = scram.serverFinalMessage(payload);
            if (conversation.skipEmptyExchange()) {
                connection.authenticated(scram.user(), database);
                return step(true, serverFinal);
            }
            connection.startConversation(conversation.awaitingEmptyExchange(true));
            return step(false, serverFinal);
        } catch (SaslException e) {
            connection.endConversation();
            return authenticationFailed(ScramSha256Authenticator.MECHANISM, database, scram.user(), e);
        }
    }

    private Document createUser(String database, Document command) {
        String user = (String) command.get("createUser");
        Object password = command.get("pwd");
        if (!(password instanceof String pwd)) {
            return error(2, "BadValue", "Must provide a 'pwd' field for all user documents");
        }
        if (credential(database, user).isPresent()) {
            return error(51003, "Location51003", "User \"" + user + "@" + database + "\" already exists");
        }
        addUser(database, user, pwd);
        return ok();
    }

    private Document updateUser(String database, Document command) {
        String user = (String) command.get("updateUser");
        if (credential(database, user).isEmpty()) {
            return error(11, "UserNotFound", "Could not find user \"" + user + "\" for db \"" + database + "\"");
        }
        if (command.get("pwd") instanceof String pwd) {
            addUser(database, user, pwd);
        }
        return ok();
    }

    private Document dropUser(String database, Document command) {
        String user = (String) command.get("dropUser");
        Map<String, ScramCredential> inDatabase = users.get(database);
        if (inDatabase == null || inDatabase.remove(user) == null) {
            return error(11, "UserNotFound", "Could not find user \"" + user + "\" for db \"" + database + "\"");
        }
        return ok();
    }

    private Optional<ScramCredential> credential(String database, String user) {
        return Optional.ofNullable(users.getOrDefault(database, Map.of()).get(user));
    }

    private static Document authenticationFailed(Object mechanism, String database, String user, SaslException e) {
        // Like mongod: the reason goes to the server's log, the client learns only that it failed.
        LOG.info("{} authentication{} on database {} failed: {}", mechanism, user != null ? " of user " + user : "",
                database, e.getMessage());
        return error(18, "AuthenticationFailed", "Authentication failed.");
    }

    private static byte[] payload(Document command) throws SaslException {
        Object payload = command.get("payload");
        if (payload instanceof BinData binary) {
            return binary.getData();
        } else if (payload instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new SaslException("the command has no payload");
    }

    private static Document step(boolean done, String payload) {
        Document response = new Document("conversationId", CONVERSATION_ID);
        response.put("done", done);
        response.put("payload", new BinData(payload.getBytes(StandardCharsets.UTF_8)));
        response.put("ok", 1.0);
        return response;
    }

    private static Document ok() {
        return new Document("ok", 1.0);
    }

    private static Document error(int code, String codeName, String message) {
        Document response = new Document("ok", 0.0);
        response.put("errmsg", message);
        response.put("code", code);
        response.put("codeName", codeName);
        return response;
    }

    private static boolean isOk(Document response) {
        return response.get("ok") instanceof Number ok && ok.doubleValue() == 1.0;
    }

    private static String randomNonce() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** One SASL conversation in progress on a connection. */
    private record Conversation(String database, ScramSha256Authenticator scram, boolean skipEmptyExchange,
            boolean awaitingEmptyExchange) {
        Conversation(String database, ScramSha256Authenticator scram, boolean skipEmptyExchange) {
            this(database, scram, skipEmptyExchange, false);
        }

        Conversation awaitingEmptyExchange(boolean awaiting) {
            return new Conversation(database, scram, skipEmptyExchange, awaiting);
        }
    }

    /** What one connection has done about authentication. */
    private static final class ConnectionAuthentication {
        private Conversation conversation;
        private String authenticatedUser;

        synchronized Conversation conversation() {
            return conversation;
        }

        synchronized void startConversation(Conversation next) {
            conversation = next;
        }

        synchronized void endConversation() {
            conversation = null;
        }

        synchronized void authenticated(String user, String database) {
            conversation = null;
            authenticatedUser = user + "@" + database;
            LOG.debug("connection authenticated as {}", authenticatedUser);
        }

        synchronized boolean isAuthenticated() {
            return authenticatedUser != null;
        }

        synchronized void logout() {
            conversation = null;
            authenticatedUser = null;
        }
    }
}
