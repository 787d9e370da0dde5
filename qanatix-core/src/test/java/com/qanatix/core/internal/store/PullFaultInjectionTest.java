package com.qanatix.core.internal.store;

import com.qanatix.core.CollectingSink;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullListener;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.spi.QanatixException;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.RecordSink;
import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.core.testing.Rows;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Faults injected into a pull through a real directory store: the sink failing in write and in
 * commit, the store failing in commit, the host closing mid-pull, one corrupted store entry. For
 * each: nothing is lost (the next pull delivers every record the sink did not commit) and nothing
 * is committed that the sink did not commit. Server sessions killed mid-pull are in the JDBC
 * module's suite of the same tag.
 */
@Tag("fault-injection")
@Timeout(60)
class PullFaultInjectionTest {
    private static final int ROWS = 10;

    @TempDir
    Path dir;

    private final MultiFernet cipher = MultiFernet.of(FernetKey.generate());
    private final FaultySink sink = new FaultySink();
    private final List<Qanatix> instances = new ArrayList<>();
    private final List<String> unreadable = new CopyOnWriteArrayList<>();
    private FaultyBackend backend;
    private ConnectorStore store;

    @AfterEach
    void closeAll() {
        instances.forEach(Qanatix::close);
        if (store != null) {
            store.close();
        }
    }

    private Qanatix instance(Duration grace) {
        if (store == null) {
            backend = new FaultyBackend(new DirectoryConnectorStore(dir));
            store = StoreBackends.store(backend);
        }
        Qanatix qx = Qanatix.builder().cipher(cipher).store(store).sink(sink).schedulerGracePeriod(grace)
                .listener(new PullListener() {
                    @Override
                    public void storeEntryUnreadable(String entry, String problem) {
                        unreadable.add(entry + " | " + problem);
                    }
                }).build();
        instances.add(qx);
        return qx;
    }

    private String connector(Qanatix qx, String dataset) {
        ListSourceProvider.dataset(dataset, Rows.products(ROWS, Instant.EPOCH));
        return qx.connectors().create(ConnectorSpec.builder().name(dataset).connectorType(ListSourceProvider.TYPE)
                .vertical("retail").entityType("product").query("all").batchSize(3)
                .connectionConfig(Map.of("dataset", dataset)).build()).id();
    }

    /** Nothing committed by the store: no watermark, no fingerprints. */
    private void assertStoreCommittedNothing(Qanatix qx, String id) {
        assertThat(qx.watermark(id)).isEmpty();
        assertThat(backend.fingerprintCount(id)).isZero();
    }

    /** The next pull, with no fault, delivers every record and the one after finds only duplicates. */
    private void assertNextPullDeliversEverything(Qanatix qx, String id) {
        int before = sink.records().size();
        PullResult next = qx.pull(id);
        assertThat(next.status()).isEqualTo(PullStatus.COMPLETED);
        assertThat(next.recordsIngested()).isEqualTo(ROWS);
        assertThat(sink.records().subList(before, sink.records().size())).extracting(IngestRecord::sourceId)
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(qx.pull(id).duplicatesSkipped()).isEqualTo(ROWS);
    }

    @Test
    void theSinkFailingInWriteFailsThePullWithAnAbortAndTheNextPullDeliversEverything() {
        Qanatix qx = instance(Duration.ofSeconds(5));
        String id = connector(qx, "ds-" + UUID.randomUUID());
        sink.failWriteAt = 2;

        PullResult failed = qx.pull(id);

        assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("injected write failure"));
        assertThat(sink.calls).containsExactly("write", "write", "abort");
        assertThat(sink.records()).isEmpty();
        assertStoreCommittedNothing(qx, id);
        assertNextPullDeliversEverything(qx, id);
    }

    @Test
    void theSinkFailingInCommitFailsThePullWithAnAbortAndTheNextPullDeliversEverything() {
        Qanatix qx = instance(Duration.ofSeconds(5));
        String id = connector(qx, "ds-" + UUID.randomUUID());
        sink.failCommits = 1;

        PullResult failed = qx.pull(id);

        assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("injected commit failure"));
        assertThat(sink.calls).containsExactly("write", "write", "write", "write", "commit", "abort");
        assertThat(sink.records()).isEmpty();
        assertStoreCommittedNothing(qx, id);
        assertNextPullDeliversEverything(qx, id);
    }

    @Test
    void theStoreFailingInCommitAfterTheSinkCommittedSendsNoAbortAndTheNextPullDeliversAgain() {
        Qanatix qx = instance(Duration.ofSeconds(5));
        String id = connector(qx, "ds-" + UUID.randomUUID());
        backend.failingCommits.set(1);

        PullResult failed = qx.pull(id);

        assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e)
                .contains("the sink committed the records but the store could not record the pull")
                .contains("injected: the store's disk is full"));
        assertThat(sink.calls).as("commit, and no abort after it").containsExactly("write", "write", "write",
                "write", "commit");
        assertThat(sink.records()).hasSize(ROWS);
        assertStoreCommittedNothing(qx, id);
        assertNextPullDeliversEverything(qx, id); // at-least-once: delivered again
    }

    @Test
    void theHostClosingMidPullWaitsTheGracePeriodThenFailsThePullWhichCommitsNothing() throws Exception {
        Qanatix qx = instance(Duration.ofMillis(300));
        String dataset = "ds-" + UUID.randomUUID();
        String id = connector(qx, dataset);
        ListSourceProvider.holdNextSource(dataset, new CountDownLatch(1)); // never opens
        CompletableFuture<PullResult> running = CompletableFuture.supplyAsync(() -> qx.pull(id));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ListSourceProvider.opened(dataset) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }

        long start = System.nanoTime();
        qx.close();
        long closedAfterMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(running).as("close returned only once the pull ended").isDone();
        PullResult result = running.get();
        assertThat(closedAfterMs).isGreaterThanOrEqualTo(250);
        assertThat(result.status()).isEqualTo(PullStatus.FAILED);
        assertThat(sink.calls).containsExactly("abort");
        assertThatThrownBy(() -> qx.pull(id)).isInstanceOf(QanatixException.class).hasMessageContaining("closed");
        Qanatix next = instance(Duration.ofSeconds(5));
        assertStoreCommittedNothing(next, id);
        assertNextPullDeliversEverything(next, id);
    }

    @Test
    void aPullThatEndsWithinTheGracePeriodCompletesAndCloseWaitsForIt() throws Exception {
        Qanatix qx = instance(Duration.ofSeconds(20));
        String dataset = "ds-" + UUID.randomUUID();
        String id = connector(qx, dataset);
        CountDownLatch gate = new CountDownLatch(1);
        ListSourceProvider.holdNextSource(dataset, gate);
        CompletableFuture<PullResult> running = CompletableFuture.supplyAsync(() -> qx.pull(id));
        while (ListSourceProvider.opened(dataset) < 1) {
            Thread.sleep(1);
        }
        CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.countDown();
        });

        qx.close();

        assertThat(running).isDone();
        assertThat(running.get().status()).isEqualTo(PullStatus.COMPLETED);
        assertThat(sink.records()).hasSize(ROWS);
    }

    @Test
    void oneCorruptedConnectorFileIsSkippedAndReportedWhileTheOthersKeepWorking() throws Exception {
        Qanatix qx = instance(Duration.ofSeconds(5));
        String good = connector(qx, "ds-" + UUID.randomUUID());
        String bad = connector(qx, "ds-" + UUID.randomUUID());
        Path badFile = dir.resolve(bad + ".connector.json");
        byte[] json = Files.readAllBytes(badFile);
        Files.write(badFile, java.util.Arrays.copyOf(json, json.length / 2)); // truncated

        assertThat(qx.connectors().list()).extracting(c -> c.id()).containsExactly(good);
        assertThat(unreadable).hasSize(1);
        assertThat(unreadable.get(0)).contains(badFile.toString()).contains("Restore the file from a backup");
        qx.startScheduler();
        PullResult failed = qx.pull(bad);
        assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains(badFile.getFileName().toString()));
        assertThat(sink.calls).isEmpty();
        assertNextPullDeliversEverything(qx, good);
        assertThat(unreadable).as("reported once until the file changes").hasSize(1);
    }

    @Test
    void oneCorruptedFingerprintIndexFailsOnlyThatConnectorsPullsAndSaysHowToRecover() throws Exception {
        Qanatix qx = instance(Duration.ofSeconds(5));
        String good = connector(qx, "ds-" + UUID.randomUUID());
        String bad = connector(qx, "ds-" + UUID.randomUUID());
        assertThat(qx.pull(bad).status()).isEqualTo(PullStatus.COMPLETED);
        assertThat(qx.pull(good).status()).isEqualTo(PullStatus.COMPLETED);
        instances.forEach(Qanatix::close);
        store.close(); // a host restart: the corruption is found when the index is next opened
        instances.clear();
        store = null;
        Path meta = dir.resolve(bad + ".meta");
        byte[] bytes = Files.readAllBytes(meta);
        bytes[bytes.length / 2] ^= 0x5a; // one flipped byte
        Files.write(meta, bytes);
        qx = instance(Duration.ofSeconds(5));
        sink.calls.clear();

        assertThat(qx.connectors().list()).extracting(c -> c.id()).containsExactlyInAnyOrder(good, bad);
        PullResult failed = qx.pull(bad);
        assertThat(failed.status()).isEqualTo(PullStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains(meta.getFileName().toString())
                .contains("checksum").contains("delete"));
        assertThat(sink.calls).as("the failed pull wrote nothing").containsExactly("abort");
        assertThat(qx.pull(good).duplicatesSkipped()).as("the other connector keeps its state").isEqualTo(ROWS);

        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(bad + ".")
                    && !f.getFileName().toString().endsWith(".connector.json")).toList()) {
                Files.delete(f); // what the message says to do
            }
        }
        assertNextPullDeliversEverything(qx, bad);
    }

    /** Collects like {@link CollectingSink}, and fails a write or a commit on demand. */
    private static final class FaultySink implements RecordSink {
        private final CollectingSink delegate = new CollectingSink();
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile int failWriteAt = -1;
        volatile int failCommits;
        private int writes;

        @Override
        public void write(PullInfo pull, List<IngestRecord> batch) {
            calls.add("write");
            if (++writes == failWriteAt) {
                throw new IllegalStateException("injected write failure");
            }
            delegate.write(pull, batch);
        }

        @Override
        public void commit(PullInfo pull) {
            calls.add("commit");
            if (failCommits > 0) {
                failCommits--;
                throw new IllegalStateException("injected commit failure");
            }
            delegate.commit(pull);
        }

        @Override
        public void abort(PullInfo pull, String reason) {
            calls.add("abort");
            delegate.abort(pull, reason);
        }

        List<IngestRecord> records() {
            return delegate.records();
        }
    }
}
