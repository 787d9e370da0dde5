package com.qanatix.connectors.neo4j;

import com.qanatix.core.Connector;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.RecordSink;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The server goes away in the middle of a pull: the pull fails clearly and commits nothing. */
class Neo4jConnectionLossTest {
    private static Neo4jTestServer server;

    @BeforeAll
    static void startServer() {
        server = Neo4jTestServer.inProcess(false);
        server.execute("UNWIND range(1, 20000) AS i CREATE (:Item {id: i})");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aServerShutDownMidPullFailsThePullAfterTheRowsReadAndCommitsNothing() {
        ConnectorStore store = ConnectorStore.inMemory();
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger commits = new AtomicInteger();
        RecordSink shutsTheServerDown = new RecordSink() {
            @Override
            public void write(PullInfo pull, List<IngestRecord> batch) {
                if (batches.incrementAndGet() == 2) {
                    server.shutDown();
                }
            }

            @Override
            public void commit(PullInfo pull) {
                commits.incrementAndGet();
            }

            @Override
            public void abort(PullInfo pull, String reason) {
                // nothing buffered
            }
        };
        try (Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store)
                .sink(shutsTheServerDown).build()) {
            Connector c = qx.connectors().create(ConnectorSpec.builder().name("items").connectorType("neo4j")
                    .vertical("v").entityType("item").connectionConfig(server.config())
                    .query("MATCH (i:Item) RETURN i.id AS id, 'item ' + i.id AS name").batchSize(500).build());

            PullResult result = qx.pull(c.id());

            assertThat(result.status()).isEqualTo(PullStatus.FAILED);
            // The driver may have fetched part of the next chunk before the server went away.
            assertThat(result.recordsPulled()).isBetween(1000L, 19_999L);
            assertThat(result.error().get()).contains("lost the connection to Neo4j")
                    .contains("after " + result.recordsPulled() + " rows");
            assertThat(commits.get()).isZero();
            assertThat(qx.watermark(c.id())).isEmpty();
        }
    }
}
