package com.qanatix.core.internal.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kill -9 of a process that pulls with source ids and forgets some of them (as reconciliations do)
 * in a directory store, at random points: every time, each key the reopened index holds has its
 * source id recorded (a deletion can always be named), and every recorded id is whole.
 */
class SourceIdCrashTest {
    private static final int KILLS = 12;

    @TempDir
    Path dir;

    @Test
    void aKilledProcessNeverLeavesAKeyWithoutItsSourceId() throws Exception {
        StoredConnector connector = ConnectorStoreContract.connector(Instant.EPOCH, "crash");
        try (DirectoryConnectorStore store = new DirectoryConnectorStore(dir)) {
            store.save(connector);
        }
        Random random = new Random(7);
        int round = 1;
        for (int kill = 1; kill <= KILLS; kill++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-cp", System.getProperty("java.class.path"), SourceIdCrashChild.class.getName(),
                    dir.toString(), connector.id(), Integer.toString(round))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("ready");
            Thread.sleep(100 + random.nextInt(1000));
            child.destroyForcibly(); // SIGKILL
            child.waitFor();

            try (DirectoryConnectorStore store = new DirectoryConnectorStore(dir)) {
                int committed = store.watermark(connector.id()).map(w -> (int) w.lastPullStartedAt().getEpochSecond())
                        .orElse(0);
                Map<Long, String> recorded = new HashMap<>();
                store.forEachSourceId(connector.id(), (hash, sourceId) -> recorded.put(hash, sourceId));
                recorded.forEach((hash, sourceId) -> assertThat(SourceIdCrashChild.keyHash(
                        Long.parseLong(sourceId.substring(1)))).as("a whole id: %s", sourceId).isEqualTo(hash));
                long end = (committed + 2L) * SourceIdCrashChild.KEYS_A_ROUND;
                long[] keys = new long[1];
                long[] out = new long[1];
                int live = 0;
                try (PullState view = store.beginPull(connector.id())) {
                    for (long k = SourceIdCrashChild.KEYS_A_ROUND; k < end; k++) {
                        keys[0] = SourceIdCrashChild.keyHash(k);
                        view.getAll(keys, 1, 0, out);
                        if (out[0] != 0) {
                            live++;
                            assertThat(recorded).as("after kill %d, round %d committed: key %d", kill, committed, k)
                                    .containsEntry(keys[0], SourceIdCrashChild.sourceId(k));
                        }
                    }
                }
                assertThat(live).as("keys of the committed rounds are there").isGreaterThanOrEqualTo(
                        committed == 0 ? 0 : SourceIdCrashChild.KEYS_A_ROUND);
                round = committed + 1;
            }
        }
        assertThat(round).as("rounds were committed between the kills").isGreaterThan(KILLS / 2);
        System.out.printf("%d kills; round %d next%n", KILLS, round);
    }
}
