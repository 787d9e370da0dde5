package com.qanatix.connectors.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.CollectingSink;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.testing.LogCapture;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials against a server that checks them: the in-process server with SCRAM-SHA-256 (see
 * {@link AuthenticatingBackend}), or the mongod named by {@code QANATIX_TEST_MONGODB_AUTH_URI}.
 */
class MongoAuthenticationTest {
    private static final String USER = "qx_reader";
    private static final String PASSWORD = "Mongo-Right-Secret-42";
    private static final String WRONG = "Not-The-Secret-77";
    private static MongoTestServer server;
    private static String rightUri;
    private static String wrongUri;
    private static String unknownUserUri;
    private static MongoClient admin;
    private final String database = "auth_" + UUID.randomUUID().toString().substring(0, 8);
    private final ConnectorStore store = ConnectorStore.inMemory();
    private final CollectingSink sink = new CollectingSink();
    private final Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store).sink(sink)
            .build();

    @BeforeAll
    static void startServer() {
        server = MongoTestServer.startWithAuth(USER, PASSWORD);
        if (server.inProcess()) {
            String hostPort = server.uri().substring("mongodb://".length());
            rightUri = "mongodb://" + USER + ":" + PASSWORD + "@" + hostPort + "/?authSource=admin";
            wrongUri = "mongodb://" + USER + ":" + WRONG + "@" + hostPort + "/?authSource=admin";
            unknownUserUri = "mongodb://nobody:" + PASSWORD + "@" + hostPort + "/?authSource=admin";
        } else {
            ConnectionString configured = new ConnectionString(server.uri());
            String user = configured.getUsername();
            String password = new String(configured.getPassword());
            rightUri = server.uri();
            wrongUri = server.uri().replace(":" + password + "@", ":" + WRONG + "@");
            unknownUserUri = server.uri().replace(user + ":", "nobody_" + user + ":");
        }
        admin = MongoClients.create(rightUri);
    }

    @AfterAll
    static void stopServer() {
        admin.close();
        server.close();
    }

    @BeforeEach
    void insertProducts() {
        admin.getDatabase(database).getCollection("products").insertMany(List.of(
                new Document("_id", 1).append("name", "Anvil"), new Document("_id", 2).append("name", "Bolt")));
    }

    @AfterEach
    void dropDatabase() {
        qx.close();
        admin.getDatabase(database).drop();
    }

    private String connector(String uri) {
        return qx.connectors().create(ConnectorSpec.builder().name("products").connectorType("mongodb")
                .vertical("retail").entityType("product")
                .connectionConfig(Map.of("uri", uri, "database", database, "collection", "products",
                        "server_selection_timeout_ms", 5_000))
                .query("{}").build()).id();
    }

    @Test
    void theRightUserAndPasswordPullEveryDocument() {
        PullResult result = qx.pull(connector(rightUri));

        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.COMPLETED);
        assertThat(result.recordsIngested()).isEqualTo(2);
    }

    @Test
    void aWrongPasswordFailsThePullWithARedactedErrorAndCommitsNothing() {
        String id = connector(wrongUri);
        PullResult failed;
        String logs;
        try (LogCapture capture = new LogCapture()) {
            failed = qx.pull(id);
            logs = capture.text();
        }

        assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e)
                .contains("authentication failed for user '" + USER + "'")
                .contains("check the user, password and authSource")
                .doesNotContain(WRONG, PASSWORD));
        assertThat(failed.toJson()).doesNotContain(WRONG, PASSWORD);
        assertThat(logs).doesNotContain(WRONG, PASSWORD);
        assertThat(store.watermark(id)).isEmpty();
        assertThat(sink.records()).isEmpty();

        PullResult fixed = qx.pull(connector(rightUri));
        assertThat(fixed.recordsIngested()).as("nothing was committed by the failed pull").isEqualTo(2);
    }

    @Test
    void anUnknownUserFailsTheSameWay() {
        PullResult failed = qx.pull(connector(unknownUserUri));

        assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("authentication failed for user")
                .doesNotContain(PASSWORD));
        assertThat(sink.records()).isEmpty();
    }

    @Test
    void aClientWithoutCredentialsIsRefusedLikeMongodWithAuth() {
        org.junit.jupiter.api.Assumptions.assumeTrue(server.inProcess(), "checks the in-process server's auth");
        PullResult failed = qx.pull(connector(server.uri()));

        assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("requires authentication"));
    }
}
