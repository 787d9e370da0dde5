package com.qanatix.connectors.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.qanatix.core.CollectingSink;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.IngestRecord;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A MongoDB that requires SCRAM-SHA-256 authentication: the right user and password pull, a wrong
 * password or an unknown user fail clearly, commit nothing, leave the watermark, and never show a
 * password in the result or the logs.
 */
class MongoAuthenticationTest {
    private static final String USER = "qx_user";
    private static final String PASSWORD = "s3cret-Qx-Mongo-4711";
    private static final String WRONG_PASSWORD = "Wrong-Secret-Value-77";
    private static String cannotRun;
    private static MongoTestServer server;
    private static MongoClient admin;

    private final String database = "auth_" + UUID.randomUUID().toString().substring(0, 8);
    private final ConnectorStore store = ConnectorStore.inMemory();
    private final CollectingSink sink = new CollectingSink();
    private final Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store).sink(sink)
            .build();

    @BeforeAll
    static void startServer() {
        cannotRun = MongoTestServer.whyAuthenticationTestsCannotRun().orElse(null);
        if (cannotRun == null) {
            server = MongoTestServer.startWithAuth(USER, PASSWORD);
            admin = MongoClients.create(server.authenticatedUri());
        }
    }

    @AfterAll
    static void stopServer() {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void insertProducts() {
        assumeTrue(cannotRun == null, cannotRun);
        admin.getDatabase(database).getCollection("products").insertMany(List.of(
                new Document("_id", 1).append("name", "Anvil"), new Document("_id", 2).append("name", "Bolt"),
                new Document("_id", 3).append("name", "Crate")));
    }

    @AfterEach
    void dropDatabase() {
        qx.close();
        if (admin != null) {
            admin.getDatabase(database).drop();
        }
    }

    private String connector(String uri) {
        return qx.connectors().create(ConnectorSpec.builder().name("products").connectorType("mongodb")
                .vertical("retail").entityType("product").query("{}").batchSize(2)
                .connectionConfig(Map.of("uri", uri, "database", database, "collection", "products",
                        "server_selection_timeout_ms", 5000))
                .build()).id();
    }

    private String expectedFailure(String user) {
        return "authentication failed for user '" + user + "' on database '" + server.authSource()
                + "'; check the user, password and authSource in the uri";
    }

    @Test
    void theRightUserAndPasswordPullEveryDocument() {
        PullResult result = qx.pull(connector(server.authenticatedUri()));

        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.COMPLETED);
        assertThat(sink.records()).extracting(IngestRecord::sourceId).containsExactlyInAnyOrder("1", "2", "3");
    }

    @Test
    void aWrongPasswordFailsThePullNamingTheUserButNeitherPasswordAndCommitsNothing() {
        String id = connector(server.uri(server.user(), WRONG_PASSWORD));

        PullResult result = qx.pull(id);

        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.FAILED);
        assertThat(result.error().orElseThrow()).startsWith(expectedFailure(server.user()))
                .doesNotContain(WRONG_PASSWORD).doesNotContain(server.password());
        assertThat(result.toJson()).doesNotContain(WRONG_PASSWORD).doesNotContain(server.password());
        assertThat(result.recordsIngested()).isZero();
        assertThat(sink.commits()).isZero();
        assertThat(sink.records()).isEmpty();
        assertThat(qx.watermark(id)).isEmpty();
    }

    @Test
    void aPullThatFailedAuthenticationLeavesTheWatermarkSoThePullAfterTheFixGetsEverything() {
        // The connector keeps its credentials; the fix is on the server: the user's password is set
        // to the one the connector holds (updateUser, as an operator would).
        MongoDatabase userDatabase = admin.getDatabase(database);
        String user = "qx_rotated_" + UUID.randomUUID().toString().substring(0, 8);
        userDatabase.runCommand(new Document("createUser", user).append("pwd", "Old-Secret-Value-31")
                .append("roles", List.of(new Document("role", "read").append("db", database))));
        try {
            String id = connector(server.uri(user, WRONG_PASSWORD).replace(
                    "authSource=" + server.authSource(), "authSource=" + database));
            PullResult failed = qx.pull(id);
            assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
            assertThat(failed.error().orElseThrow()).contains("authentication failed for user '" + user + "' on database '"
                    + database + "'");
            assertThat(qx.watermark(id)).isEmpty();

            userDatabase.runCommand(new Document("updateUser", user).append("pwd", WRONG_PASSWORD));
            PullResult fixed = qx.pull(id);

            assertThat(fixed.status()).as(fixed.toJson()).isEqualTo(PullStatus.COMPLETED);
            assertThat(fixed.recordsIngested()).isEqualTo(3);
            assertThat(sink.records()).extracting(IngestRecord::sourceId).containsExactlyInAnyOrder("1", "2", "3");
            assertThat(qx.watermark(id)).isPresent();
        } finally {
            userDatabase.runCommand(new Document("dropUser", user));
        }
    }

    @Test
    void neitherTheWrongNorTheRightPasswordReachesTheLogs() {
        String id = connector(server.uri(server.user(), WRONG_PASSWORD));

        String logs;
        try (LogCapture capture = new LogCapture()) {
            assertThat(qx.pull(id).status()).isEqualTo(PullStatus.FAILED);
            logs = capture.text();
        }

        assertThat(logs).contains(expectedFailure(server.user())); // the failure was logged, so the capture works
        assertThat(logs).doesNotContain(WRONG_PASSWORD).doesNotContain(server.password());
    }

    @Test
    void anUnknownUserFailsTheSameWay() {
        String id = connector(server.uri("qx_nobody", server.password()));

        PullResult result = qx.pull(id);

        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.FAILED);
        assertThat(result.error().orElseThrow()).startsWith(expectedFailure("qx_nobody"))
                .doesNotContain(server.password());
        assertThat(sink.commits()).isZero();
        assertThat(qx.watermark(id)).isEmpty();
    }

    @Test
    void noCredentialsAgainstAServerThatRequiresThemFailsSayingSo() {
        assertThatThrownBy(() -> {
            try (MongoClient anonymous = MongoClients.create(server.uri())) {
                anonymous.getDatabase(database).getCollection("products").find().first();
            }
        }).isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(13));

        PullResult result = qx.pull(connector(server.uri()));

        assertThat(result.status()).isEqualTo(PullStatus.FAILED);
        assertThat(result.error().orElseThrow()).contains("requires authentication");
        assertThat(sink.commits()).isZero();
    }
}
