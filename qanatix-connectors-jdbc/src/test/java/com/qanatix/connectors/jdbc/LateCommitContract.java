package com.qanatix.connectors.jdbc;

import com.qanatix.core.CollectingSink;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.Watermark;
import com.qanatix.core.testing.LogCapture;
import com.qanatix.core.testing.TestDatabase;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watermark guarantee against a real server: a row committed late, by a transaction held open
 * on a second connection across pulls, is delivered exactly once and nothing else is ingested twice,
 * whatever the lookback, the host's clock or the order of commits. Each server's test class says how
 * it stamps rows and which users see other sessions' transactions.
 */
abstract class LateCommitContract {
    /** The late-row events of the pulls, in order. */
    private final List<Long> lateRows = new ArrayList<>();
    private final List<Qanatix> instances = new ArrayList<>();
    private CollectingSink sink;
    private Qanatix qx;

    /** @return the test class's database, with a table {@code items(id, name, updated_at)} */
    abstract TestDatabase db();

    /**
     * @param seesOtherSessions whether the user may see other sessions' transactions
     * @return a {@code connection_config} for the connector
     */
    abstract Map<String, Object> config(boolean seesOtherSessions);

    /** @return the connector type */
    abstract String connectorType();

    /** @return the SQL expression a writing transaction stamps rows with (the server's current time) */
    abstract String stampNow();

    /** @return the SQL expression for the server's time one hour ago */
    String stampHourAgo() {
        return stampSecondsAgo(3600);
    }

    /**
     * @param seconds how far back
     * @return the SQL expression for the server's time that many seconds ago
     */
    abstract String stampSecondsAgo(int seconds);

    /** @return the server's current time, read on a connection of its own */
    abstract Instant serverNow() throws SQLException;

    @BeforeEach
    void emptyTable() {
        db().execute("DELETE FROM items");
        qx = instance(Clock.systemUTC());
    }

    @AfterEach
    void closeInstances() {
        instances.forEach(Qanatix::close);
    }

    private Qanatix instance(Clock clock) {
        sink = new CollectingSink();
        Qanatix q = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(ConnectorStore.inMemory())
                .sink(sink).clock(clock).listener(new PullListener() {
                    @Override
                    public void lateRowsCaught(PullInfo pull, long rows) {
                        lateRows.add(rows);
                    }
                }).build();
        instances.add(q);
        return q;
    }

    private String connector(Qanatix on, boolean seesOtherSessions, Consumer<ConnectorSpec.Builder> more) {
        ConnectorSpec.Builder b = ConnectorSpec.builder().name("items").connectorType(connectorType())
                .vertical("retail").entityType("item").connectionConfig(config(seesOtherSessions))
                .query("SELECT id, name, updated_at FROM items WHERE updated_at > :last_pull").batchSize(2);
        more.accept(b);
        return on.connectors().create(b.build()).id();
    }

    private List<String> delivered() {
        List<String> ids = sink.records().stream().map(IngestRecord::sourceId).toList();
        sink.clear();
        return ids;
    }

    private static PullResult completed(PullResult result) {
        assertThat(result.status()).as(result.toJson()).isEqualTo(PullStatus.COMPLETED);
        return result;
    }

    /** A connection with a transaction that has written one row and stays open until closed or committed. */
    private Connection openTransactionInserting(long id, String name) throws SQLException {
        Connection c = db().connect();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO items VALUES (" + id + ", '" + name + "', " + stampNow() + ")");
        }
        return c;
    }

    @Test
    @Timeout(60)
    void aTransactionOpenLongerThanTheLookbackDeliversItsRowOnceItCommits() throws Exception {
        db().execute("INSERT INTO items VALUES (1, 'old', " + stampHourAgo() + ")");
        String id = connector(qx, true, b -> b.watermarkLookbackSeconds(2));
        assertThat(completed(qx.pull(id)).recordsIngested()).isEqualTo(1);
        assertThat(delivered()).containsExactly("1");

        try (Connection slow = openTransactionInserting(2, "late")) {
            Thread.sleep(2_500);
            assertThat(completed(qx.pull(id)).recordsIngested()).isZero();
            Thread.sleep(2_500);
            assertThat(completed(qx.pull(id)).recordsIngested()).isZero();
            slow.commit();
        }
        PullResult afterCommit = completed(qx.pull(id));
        PullResult again = completed(qx.pull(id));

        assertThat(delivered()).containsExactly("2");
        assertThat(afterCommit.recordsIngested()).isEqualTo(1);
        assertThat(again.recordsIngested()).isZero();
    }

    @Test
    @Timeout(60)
    void aWatermarkColumnRereadsARowCommittedLateBelowTheLargestValueSeen() throws Exception {
        db().execute("INSERT INTO items VALUES (1, 'old', " + stampHourAgo() + ")");
        String id = connector(qx, true, b -> b.watermarkColumn("updated_at"));
        assertThat(completed(qx.pull(id)).recordsIngested()).isEqualTo(1);
        assertThat(delivered()).containsExactly("1");

        Object heldBackTo;
        try (Connection x = openTransactionInserting(2, "x committed late")) {
            Thread.sleep(20);
            db().execute("INSERT INTO items VALUES (3, 'y committed first', " + stampNow() + ")");
            assertThat(completed(qx.pull(id)).recordsIngested()).isEqualTo(1);
            heldBackTo = qx.watermark(id).flatMap(Watermark::columnValue).orElseThrow();
            x.commit();
        }
        PullResult afterCommit = completed(qx.pull(id));
        PullResult again = completed(qx.pull(id));

        List<IngestRecord> records = sink.records();
        assertThat(records).extracting(IngestRecord::sourceId).containsExactly("3", "2");
        assertThat(afterCommit.recordsIngested()).isEqualTo(1);
        assertThat(afterCommit.duplicatesSkipped()).as("y is read again and skipped").isEqualTo(1);
        assertThat(again.recordsIngested()).isZero();
        assertThat(compare(heldBackTo, records.get(1).data().get("updated_at")))
                .as("the watermark was held back below x's stamp while x's transaction was open").isNegative();
        assertThat(compare(heldBackTo, records.get(0).data().get("updated_at"))).isNegative();
    }

    @Test
    @Timeout(60)
    void aRowStampedBelowTheWatermarkIsCaughtByTheLookbackAndCounted() throws Exception {
        db().execute("INSERT INTO items VALUES (1, 'first', " + stampNow() + ")");
        String id = connector(qx, true, b -> b.watermarkColumn("updated_at"));
        completed(qx.pull(id));
        // Written after that pull, by an application that stamps its rows 10 s in the past.
        db().execute("INSERT INTO items VALUES (2, 'backdated', " + stampSecondsAgo(10) + ")");
        PullResult caught = completed(qx.pull(id));
        PullResult again = completed(qx.pull(id));

        assertThat(delivered()).containsExactly("1", "2");
        assertThat(caught.recordsIngested()).isEqualTo(1);
        assertThat(caught.duplicatesSkipped()).isEqualTo(1);
        assertThat(again.recordsIngested()).isZero();
        assertThat(lateRows).as("late rows caught by each pull").containsExactly(0L, 1L, 0L);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    @Test
    @Timeout(60)
    void aTransactionOpenPastTheLookbackHoldsBackAWatermarkColumn() throws Exception {
        String id = connector(qx, true, b -> b.watermarkColumn("updated_at").watermarkLookbackSeconds(0));

        try (Connection x = openTransactionInserting(1, "x committed late")) {
            Thread.sleep(1_100);
            db().execute("INSERT INTO items VALUES (2, 'y committed first', " + stampNow() + ")");
            assertThat(completed(qx.pull(id)).recordsIngested()).isEqualTo(1);
            x.commit();
        }
        PullResult afterCommit = completed(qx.pull(id));

        assertThat(delivered()).containsExactly("2", "1");
        assertThat(afterCommit.recordsIngested()).isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void theHostClockAnHourAheadOrBehindLosesAndRepeatsNothing() throws Exception {
        for (Duration skew : List.of(Duration.ofHours(1), Duration.ofHours(-1))) {
            db().execute("DELETE FROM items");
            db().execute("INSERT INTO items VALUES (1, 'old', " + stampHourAgo() + ")");
            Qanatix skewed = instance(Clock.offset(Clock.systemUTC(), skew));
            String id = connector(skewed, true, b -> b.watermarkLookbackSeconds(1));
            assertThat(completed(skewed.pull(id)).recordsIngested()).as("skew %s", skew).isEqualTo(1);
            Instant restartAt = skewed.watermark(id).orElseThrow().lastPullStartedAt();
            assertThat(Duration.between(restartAt, serverNow()).abs()).as("the server's clock, not the host's")
                    .isLessThan(Duration.ofMinutes(1));

            Thread.sleep(1_100);
            db().execute("INSERT INTO items VALUES (2, 'new', " + stampNow() + ")");
            PullResult second = completed(skewed.pull(id));
            PullResult third = completed(skewed.pull(id));

            assertThat(delivered()).as("skew %s", skew).containsExactly("1", "2");
            assertThat(second.recordsIngested()).isEqualTo(1);
            assertThat(third.recordsIngested()).isZero();
        }
    }

    @Test
    @Timeout(60)
    void aUserWhoCannotSeeOtherSessionsFallsBackToTheLookbackAndSaysSoOnce() throws Exception {
        String id = connector(qx, false, b -> { });
        try (LogCapture log = new LogCapture()) {
            try (Connection slow = openTransactionInserting(1, "late")) {
                assertThat(completed(qx.pull(id)).recordsIngested()).isZero();
                slow.commit();
            }
            PullResult afterCommit = completed(qx.pull(id));
            completed(qx.pull(id));

            assertThat(afterCommit.recordsIngested()).as("the lookback (300 s) still catches it").isEqualTo(1);
            assertThat(delivered()).containsExactly("1");
            String text = log.text();
            assertThat(countOf(text, "cannot hold back the watermark")).as(text).isEqualTo(1);
            assertThat(text).contains(id);
        }
    }

    private static int countOf(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
