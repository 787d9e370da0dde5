package com.qanatix.connectors.neo4j;

import com.qanatix.core.CollectingSink;
import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.testing.LogCapture;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A Neo4j that requires a login: the right credentials pull, wrong ones fail clearly and redacted. */
class Neo4jAuthenticationTest {
    private static final String WRONG_PASSWORD = "Wrong-Secret-Value-77";
    private static Neo4jTestServer server;

    private final CollectingSink sink = new CollectingSink();
    private final Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).sink(sink).build();

    @BeforeAll
    static void startServer() {
        server = Neo4jTestServer.inProcess(true);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeSdk() {
        qx.close();
    }

    private Connector connector(Map<String, Object> config) {
        return qx.connectors().create(ConnectorSpec.builder().name("auth").connectorType("neo4j").vertical("v")
                .entityType("e").connectionConfig(config).query("UNWIND range(1, 3) AS i RETURN i AS id, 'n' + i AS name").build());
    }

    @Test
    void theRightCredentialsPull() {
        PullResult result = qx.pull(connector(server.config()).id());

        assertThat(result.status()).as(result.toString()).isEqualTo(PullStatus.COMPLETED);
        assertThat(result.recordsIngested()).isEqualTo(3);
    }

    @Test
    void aWrongPasswordFailsNamingTheUserButNeverThePassword() {
        Map<String, Object> config = server.config();
        config.put("password", WRONG_PASSWORD);
        Connector c = connector(config);

        PullResult result;
        try (LogCapture logs = new LogCapture()) {
            result = qx.pull(c.id());
            assertThat(logs.text()).doesNotContain(WRONG_PASSWORD).doesNotContain("reader-Secret-42");
        }

        assertThat(result.status()).isEqualTo(PullStatus.FAILED);
        assertThat(result.error().get()).contains("rejected the credentials of user 'reader'")
                .contains("connection_config.user and connection_config.password")
                .doesNotContain(WRONG_PASSWORD);
        assertThat(result.toJson()).doesNotContain(WRONG_PASSWORD);
        assertThat(c.toString()).doesNotContain(WRONG_PASSWORD);
        assertThat(sink.commits()).isZero();
    }

    @Test
    void noCredentialsAgainstAServerThatRequiresThemFails() {
        PullResult result = qx.pull(connector(Map.of("uri", server.uri())).id());

        assertThat(result.status()).isEqualTo(PullStatus.FAILED);
        assertThat(result.error().get()).contains("requires a login; set connection_config.user");
    }
}
