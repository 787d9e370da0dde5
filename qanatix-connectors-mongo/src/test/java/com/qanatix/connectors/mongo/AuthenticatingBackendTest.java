package com.qanatix.connectors.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static com.qanatix.connectors.mongo.ScramSha256AuthenticatorTest.CLIENT_FINAL;
import static com.qanatix.connectors.mongo.ScramSha256AuthenticatorTest.CLIENT_FIRST;
import static com.qanatix.connectors.mongo.ScramSha256AuthenticatorTest.SERVER_FINAL;
import static com.qanatix.connectors.mongo.ScramSha256AuthenticatorTest.SERVER_FIRST;
import static com.qanatix.connectors.mongo.ScramSha256AuthenticatorTest.SERVER_NONCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The in-process server's authentication answers like {@code mongod --auth}: the raw SASL commands
 * (with the RFC 7677 example exchange), the driver's own handshake, and the per-connection state.
 */
class AuthenticatingBackendTest {
    private final AuthenticatingBackend backend = new AuthenticatingBackend(() -> SERVER_NONCE)
            .addUser("admin", "user", ScramSha256AuthenticatorTest.rfcCredential("pencil"))
            .addUser("admin", "qx_user", "s3cret-Backend-Pw");
    private MongoServer server;
    private String address;
    private final List<MongoClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        address = "127.0.0.1:" + server.getLocalAddress().getPort();
    }

    @AfterEach
    void stop() {
        clients.forEach(MongoClient::close);
        server.shutdownNow();
    }

    private MongoClient client(String uri) {
        MongoClient client = MongoClients.create(uri);
        clients.add(client);
        return client;
    }

    /** One pooled connection, so that consecutive commands share the connection's SASL state. */
    private MongoClient oneConnection() {
        return client("mongodb://" + address + "/?maxPoolSize=1");
    }

    private static Binary payload(String message) {
        return new Binary(message.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Document response) {
        return new String(response.get("payload", Binary.class).getData(), StandardCharsets.UTF_8);
    }

    @Test
    void aConnectionThatHasNotAuthenticatedMayHandshakeButNothingElse() {
        MongoClient client = oneConnection();
        MongoDatabase admin = client.getDatabase("admin");
        MongoDatabase shop = client.getDatabase("shop");

        assertThat(admin.runCommand(new Document("ping", 1)).get("ok", Number.class).intValue()).isEqualTo(1);
        assertThat(admin.runCommand(new Document("buildInfo", 1)).getString("version")).isNotBlank();
        assertThatThrownBy(() -> shop.getCollection("c").find().first())
                .isInstanceOfSatisfying(MongoCommandException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(13);
                    assertThat(e.getErrorCodeName()).isEqualTo("Unauthorized");
                    assertThat(e.getErrorMessage()).isEqualTo("Command find requires authentication");
                });
        assertThatThrownBy(() -> shop.getCollection("c").insertOne(new Document("_id", 1)))
                .isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(13));
    }

    @Test
    void saslStartAndSaslContinueRunTheRfc7677ExchangeAndAuthenticateTheConnection() {
        MongoClient client = oneConnection();
        MongoDatabase admin = client.getDatabase("admin");
        MongoDatabase shop = client.getDatabase("shop");

        Document first = admin.runCommand(new Document("saslStart", 1).append("mechanism", "SCRAM-SHA-256")
                .append("payload", payload(CLIENT_FIRST)));
        assertThat(first.getInteger("conversationId")).isEqualTo(1);
        assertThat(first.getBoolean("done")).isFalse();
        assertThat(text(first)).isEqualTo(SERVER_FIRST);

        Document second = admin.runCommand(new Document("saslContinue", 1).append("conversationId", 1)
                .append("payload", payload(CLIENT_FINAL)));
        assertThat(second.getBoolean("done")).isFalse(); // no skipEmptyExchange: one more, empty round
        assertThat(text(second)).isEqualTo(SERVER_FINAL);

        Document last = admin.runCommand(new Document("saslContinue", 1).append("conversationId", 1)
                .append("payload", payload("")));
        assertThat(last.getBoolean("done")).isTrue();
        shop.getCollection("c").insertOne(new Document("_id", 1));
        assertThat(shop.getCollection("c").countDocuments()).isEqualTo(1);

        admin.runCommand(new Document("logout", 1));
        assertThatThrownBy(() -> shop.getCollection("c").find().first())
                .isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(13));
    }

    @Test
    void aWrongProofAnswersAuthenticationFailedLikeMongodAndLeavesTheConnectionUnauthenticated() {
        MongoClient client = oneConnection();
        MongoDatabase admin = client.getDatabase("admin");
        MongoDatabase shop = client.getDatabase("shop");
        admin.runCommand(new Document("saslStart", 1).append("mechanism", "SCRAM-SHA-256")
                .append("payload", payload(CLIENT_FIRST)).append("options", new Document("skipEmptyExchange", true)));

        assertThatThrownBy(() -> admin.runCommand(new Document("saslContinue", 1).append("conversationId", 1)
                .append("payload", payload(CLIENT_FINAL.replace("p=dHzb", "p=dHzc")))))
                .isInstanceOfSatisfying(MongoCommandException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(18);
                    assertThat(e.getErrorCodeName()).isEqualTo("AuthenticationFailed");
                    assertThat(e.getErrorMessage()).isEqualTo("Authentication failed.");
                });
        assertThatThrownBy(() -> admin.runCommand(new Document("saslContinue", 1).append("conversationId", 1)
                .append("payload", payload(CLIENT_FINAL))))
                .isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(17));
        assertThatThrownBy(() -> shop.getCollection("c").find().first())
                .isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(13));
    }

    @Test
    void theDriverAuthenticatesByItsDefaultAndByAForcedScramSha256() {
        for (String options : List.of("", "&authMechanism=SCRAM-SHA-256")) {
            MongoClient client = client("mongodb://qx_user:s3cret-Backend-Pw@" + address + "/?authSource=admin" + options);
            client.getDatabase("shop").getCollection("c").insertOne(new Document("n", options));
            assertThat(client.getDatabase("shop").getCollection("c").countDocuments()).isPositive();
        }
    }

    @Test
    void theDriverFailsWithAuthenticationFailedForAWrongPasswordAnUnknownUserOrScramSha1() {
        for (String uri : List.of("mongodb://qx_user:wrong@" + address + "/?authSource=admin",
                "mongodb://nobody:s3cret-Backend-Pw@" + address + "/?authSource=admin",
                "mongodb://qx_user:s3cret-Backend-Pw@" + address + "/?authSource=shop",
                "mongodb://qx_user:s3cret-Backend-Pw@" + address + "/?authSource=admin&authMechanism=SCRAM-SHA-1")) {
            MongoClient client = client(uri + "&serverSelectionTimeoutMS=2000");
            assertThatThrownBy(() -> client.getDatabase("shop").getCollection("c").find().first())
                    .as(uri).isInstanceOf(MongoSecurityException.class)
                    .hasRootCauseInstanceOf(MongoCommandException.class)
                    .rootCause().satisfies(e -> assertThat(((MongoCommandException) e).getErrorCode()).isEqualTo(18));
        }
    }

    @Test
    void perConnectionStateIsDroppedWhenTheConnectionCloses() throws InterruptedException {
        MongoClient client = client("mongodb://qx_user:s3cret-Backend-Pw@" + address + "/?authSource=admin");
        client.getDatabase("shop").getCollection("c").insertOne(new Document("n", 1));
        assertThat(backend.connectionsWithState()).isPositive();

        client.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (backend.connectionsWithState() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20); // the server notices closed sockets asynchronously
        }
        assertThat(backend.connectionsWithState()).isZero();
    }
}
