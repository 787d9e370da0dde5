package com.qanatix.core.internal.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kill -9 of a process pulling into a directory store, at random points of its pulls and of its
 * commits (frozen with SIGSTOP, so the test knows what it had announced, then killed with SIGKILL): every time, the reopened store holds exactly the last committed round or the one being
 * committed (each key's fingerprint, the entry count, the watermark), and the next pull redoes
 * whatever was not committed.
 */
class DirectoryStoreCrashTest {
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(40);
    private static final int MIN_KILLS = 8;
    private static final int MAX_KILLS = 40;

    @TempDir
    Path dir;

    @Test
    void aKilledProcessLeavesTheLastCommittedStateOrTheNextOneNeverACorruptOne() throws Exception {
        StoredConnector connector = ConnectorStoreContract.connector(Instant.EPOCH, "crash");
        try (DirectoryConnectorStore store = new DirectoryConnectorStore(dir)) {
            store.save(connector);
        }
        Random random = new Random(42);
        long started = System.nanoTime();
        int committed = 0;
        int kills = 0;
        int killedInCommit = 0;
        while (kills < MAX_KILLS && (kills < MIN_KILLS || System.nanoTime() - started < BUDGET_NANOS)) {
            Process child = start("pull", dir.toString(), connector.id(), Integer.toString(committed + 1));
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("ready");
            int announced = committed;
            boolean inCommit = random.nextBoolean();
            if (inCommit) {
                // Kill within a commit: right after it starts, or a few milliseconds into it.
                int target = committed + 1 + random.nextInt(3);
                String line;
                while ((line = lines.readLine()) != null && !line.equals("committing " + target)) {
                    if (line.startsWith("committed ")) {
                        announced = Integer.parseInt(line.substring(10));
                    }
                }
                Thread.sleep(random.nextInt(15));
                killedInCommit++;
            } else {
                Thread.sleep(random.nextInt(3000));
            }
            // Freeze it where it is (SIGSTOP), read every line it wrote until then, and kill it there (SIGKILL).
            new ProcessBuilder("kill", "-STOP", Long.toString(child.pid())).start().waitFor();
            StringBuilder rest = new StringBuilder();
            while (lines.ready()) {
                rest.append((char) lines.read());
            }
            child.destroyForcibly();
            child.waitFor();
            String[] written = rest.toString().split("\n", -1);
            for (int i = 0; i < written.length - 1; i++) { // the last is unfinished (or empty)
                if (written[i].startsWith("committed ")) {
                    announced = Integer.parseInt(written[i].substring(10));
                }
            }
            kills++;

            try (DirectoryConnectorStore store = new DirectoryConnectorStore(dir)) {
                int found = store.watermark(connector.id())
                        .map(w -> (int) w.lastPullStartedAt().getEpochSecond()).orElse(0);
                assertThat(found).as("after kill %d: the round announced committed, or the one whose commit was under way", kills)
                        .isBetween(announced, announced + 1);
                assertThat(store.watermark(connector.id()).flatMap(w -> w.columnValue()))
                        .isEqualTo(found == 0 ? java.util.Optional.empty() : java.util.Optional.of((long) found));
                assertState(store, connector.id(), found);
                committed = found;
            }
        }
        System.out.printf("%d kills (%d within a commit); round %d committed at the end%n", kills, killedInCommit, committed);
        assertThat(kills).isGreaterThanOrEqualTo(MIN_KILLS);
        assertThat(killedInCommit).isPositive();
        assertThat(committed).as("rounds were committed between the kills").isGreaterThan(1);
    }

    /** Every key of rounds 1 to {@code round} holds its latest round's fingerprint; the next round's new keys are absent. */
    private static void assertState(DirectoryConnectorStore store, String id, int round) {
        long end = 0;
        for (int r = 1; r <= round; r++) {
            end = Math.max(end, DirectoryStoreCrashChild.endKey(r));
        }
        assertThat(store.fingerprintCount(id)).isEqualTo(end);
        long[] keys = new long[1024];
        long[] out = new long[1024];
        try (PullState pull = store.beginPull(id)) {
            long limit = DirectoryStoreCrashChild.endKey(round + 1);
            for (long from = 0; from < limit; from += keys.length) {
                int n = (int) Math.min(keys.length, limit - from);
                for (int i = 0; i < n; i++) {
                    keys[i] = DirectoryStoreCrashChild.keyHash(from + i);
                }
                pull.getAll(keys, n, -1, out);
                for (int i = 0; i < n; i++) {
                    long key = from + i;
                    long expected = key < end ? DirectoryStoreCrashChild.fingerprint(lastRoundOf(key, round), key) : -1;
                    if (out[i] != expected) {
                        assertThat(out[i]).as("key %d after round %d", key, round).isEqualTo(expected);
                    }
                }
            }
        }
    }

    private static int lastRoundOf(long key, int round) {
        for (int r = round; r >= 1; r--) {
            if (key >= DirectoryStoreCrashChild.firstKey(r) && key < DirectoryStoreCrashChild.endKey(r)) {
                return r;
            }
        }
        throw new AssertionError("key " + key + " is in no round up to " + round);
    }

    @Test
    void aSecondProcessCannotOpenADirectoryAnotherHolds() throws Exception {
        try (DirectoryConnectorStore store = new DirectoryConnectorStore(dir)) {
            store.save(ConnectorStoreContract.connector(Instant.EPOCH, "held"));
            Process child = start("open", dir.toString());
            String answer = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            child.waitFor();
            assertThat(answer).startsWith("refused")
                    .contains(dir.toAbsolutePath().toString())
                    .contains("process " + ProcessHandle.current().pid());
        }
        Process child = start("open", dir.toString());
        assertThat(new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim()).isEqualTo("opened, not empty");
        child.waitFor();
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                DirectoryStoreCrashChild.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
