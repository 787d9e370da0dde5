package com.qanatix.core.internal.store;

import com.qanatix.core.StoreException;
import com.qanatix.core.Watermark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectoryConnectorStoreTest extends ConnectorStoreContract {
    @TempDir
    Path dir;

    @Override
    protected StoreBackend newStore() {
        return new DirectoryConnectorStore(dir);
    }

    @Test
    void aSecondStoreOnTheSameDirectorySeesEverything() {
        StoredConnector a = connector(Instant.EPOCH, "a");
        store.save(a);
        FingerprintIndex f = new FingerprintIndex();
        f.put(7, 70);
        commitPull(a.id(), new Watermark(Instant.EPOCH, Optional.of(5L)), f);

        store.close();
        store = new DirectoryConnectorStore(dir);
        assertThat(store.find(a.id())).contains(a);
        assertThat(IndexLookups.get(store, a.id(), 7)).isEqualTo(70);
        assertThat(store.watermark(a.id()).orElseThrow().columnValue()).contains(5L);
    }

    @Test
    void aWriteThatDiesMidwayLeavesTheOldFileIntactAndNoTornFile() throws IOException {
        StoredConnector a = connector(Instant.EPOCH, "a");
        store.save(a);
        // A crash mid-write leaves at most a temporary file beside the real one; simulate it.
        Path torn = dir.resolve("." + a.id() + ".connector.json12345.tmp");
        Files.writeString(torn, "{\"id\": \"" + a.id() + "\", \"na");

        store.close();
        store = new DirectoryConnectorStore(dir);
        assertThat(store.find(a.id())).contains(a);
        assertThat(store.list()).containsExactly(a);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".connector.json"))).hasSize(1);
        }
    }

    @Test
    void aSavedConnectorLeavesNoTemporaryFiles() throws IOException {
        store.save(connector(Instant.EPOCH, "a"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefusedUntilTheFirstCloses() {
        assertThatThrownBy(() -> new DirectoryConnectorStore(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(dir.toAbsolutePath().toString())
                .hasMessageContaining("process " + ProcessHandle.current().pid());
        store.close();
        store = new DirectoryConnectorStore(dir);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aPullWhoseStoreIsClosedFailsBeforeItsNextChunkAndCommitsNothing() {
        StoredConnector a = connector(Instant.EPOCH, "a");
        store.save(a);
        FingerprintIndex first = new FingerprintIndex();
        first.put(7, 70);
        commitPull(a.id(), new Watermark(Instant.EPOCH, Optional.of(1L)), first);
        long[] out = new long[1];
        try (PullState pull = store.beginPull(a.id())) {
            pull.put(8, 80);
            pull.getAll(new long[] {7}, 1, 0, out);
            assertThat(out[0]).isEqualTo(70);

            store.close();

            assertThatThrownBy(() -> pull.getAll(new long[] {7}, 1, 0, out))
                    .isInstanceOf(StoreException.class).hasMessageContaining("closed");
            assertThatThrownBy(() -> pull.commit(new Watermark(Instant.EPOCH, Optional.of(2L))))
                    .isInstanceOf(StoreException.class);
        }
        store = new DirectoryConnectorStore(dir);
        assertThat(IndexLookups.get(store, a.id(), 8)).isZero();
        assertThat(store.fingerprintCount(a.id())).isEqualTo(1);
        assertThat(store.watermark(a.id()).orElseThrow().columnValue()).contains(1L);
    }

    @Test
    void incrementalCommitsThroughTheLogSurviveReopeningAtScale() throws IOException {
        StoredConnector a = connector(Instant.EPOCH, "a");
        store.save(a);
        Map<Long, Long> expected = new HashMap<>();
        for (int round = 0; round < 6; round++) {
            // The first round is a first pull (its table is renamed into place); later ones go through the
            // log and split pages that the last checkpoint still uses.
            long from = round == 0 ? 1 : 150_000L + round * 20_000L;
            long to = round == 0 ? 200_000 : from + 60_000;
            try (PullState pull = store.beginPull(a.id())) {
                for (long k = from; k < to; k++) {
                    pull.put(k * 0x9E3779B97F4A7C15L, k + round);
                    expected.put(k * 0x9E3779B97F4A7C15L, k + round);
                }
                pull.commit(new Watermark(Instant.EPOCH, Optional.of((long) round)));
            }
            if (round == 3) {
                store.close(); // a checkpoint, then later commits on top of it
                store = new DirectoryConnectorStore(dir);
            }
        }
        store.close();
        store = new DirectoryConnectorStore(dir);

        assertThat(store.fingerprintCount(a.id())).isEqualTo(expected.size());
        assertThat(store.watermark(a.id()).orElseThrow().columnValue()).contains(5L);
        long[] keys = expected.keySet().stream().mapToLong(Long::longValue).toArray();
        long[] out = new long[keys.length];
        try (PullState pull = store.beginPull(a.id())) {
            pull.getAll(keys, keys.length, -1, out);
        }
        for (int i = 0; i < keys.length; i++) {
            assertThat(out[i]).isEqualTo(expected.get(keys[i]));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("one table, no temporary files of pulls")
                    .filteredOn(n -> n.startsWith(a.id() + ".table-") || n.endsWith(".tmp")).hasSize(1);
        }
    }

    @Test
    void aStoreWrittenByAnEarlierVersionSaysWhatToDo() throws IOException {
        StoredConnector a = connector(Instant.EPOCH, "a");
        store.save(a);
        Files.writeString(dir.resolve(a.id() + ".watermark"), "last_pull_started_at=1970-01-01T00:00:00Z\n");

        assertThatThrownBy(() -> store.watermark(a.id()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(a.id() + ".fingerprints")
                .hasMessageContaining("delete");
    }

    @Test
    void theStoreDirectoryIsCreatedReadableByItsOwnerOnly() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.FileSystems.getDefault()
                .supportedFileAttributeViews().contains("posix"), "no POSIX permissions on this file system");
        Path created = dir.resolve("fresh").resolve("store");
        try (DirectoryConnectorStore store = new DirectoryConnectorStore(created)) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
                    .isEqualTo("rwx------");
            assertThat(store.list()).isEmpty();
        }
    }

    @Test
    void aDeletedConnectorLeavesNoFileBehindEvenWhenLookedUpAfterwards() throws IOException {
        StoredConnector a = connector(Instant.EPOCH, "a");
        store.save(a);
        FingerprintIndex f = new FingerprintIndex();
        f.put(1, 1);
        commitPull(a.id(), new Watermark(Instant.EPOCH, Optional.empty()), f);
        FingerprintIndex g = new FingerprintIndex();
        g.put(2, 2);
        commitPull(a.id(), new Watermark(Instant.EPOCH, Optional.empty()), g); // through the log

        store.delete(a.id());
        assertThat(store.watermark(a.id())).isEmpty();
        assertThat(store.fingerprintCount(a.id())).isZero();

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(a.id()));
        }
    }

    @Test
    void aFirstPullThatOutgrowsItsMemoryAndAFileSegmentKeepsEveryEntry() throws IOException {
        StoredConnector a = connector(Instant.EPOCH, "a");
        store.save(a);
        // More entries than the pull's memory and than one 64 MB segment of the file can hold (a page holds at most 3,072).
        long n = (long) Math.max(PullTableMemory.PAGES, MappedPages.SEGMENT_PAGES) * 4096;
        long[] probe = new long[1];
        long[] out = new long[1];
        try (PullState pull = store.beginPull(a.id())) {
            for (long k = 1; k <= n; k++) {
                pull.put(k * 0x9E3779B97F4A7C15L, k);
                if (k % 500_000 == 0) {
                    probe[0] = (k / 2) * 0x9E3779B97F4A7C15L;
                    pull.getAll(probe, 1, -1, out);
                    assertThat(out[0]).as("an entry this pull put earlier").isEqualTo(k / 2);
                }
            }
            pull.commit(new Watermark(Instant.EPOCH, Optional.of(1L)));
        }
        store.close();
        store = new DirectoryConnectorStore(dir);

        assertThat(store.fingerprintCount(a.id())).isEqualTo(n);
        long[] keys = new long[4096];
        long[] found = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = (1 + i * (n / keys.length)) * 0x9E3779B97F4A7C15L;
        }
        try (PullState pull = store.beginPull(a.id())) {
            pull.getAll(keys, keys.length, -1, found);
        }
        for (int i = 0; i < keys.length; i++) {
            assertThat(found[i]).isEqualTo(1 + i * (n / keys.length));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void pullsRunningTogetherEachKeepTheirOwnEntries() {
        StoredConnector a = connector(Instant.EPOCH, "a");
        StoredConnector b = connector(Instant.EPOCH, "b");
        store.save(a);
        store.save(b);
        // The first pull borrows the process's pull table memory; the second, finding it lent, works in its file.
        try (PullState first = store.beginPull(a.id()); PullState second = store.beginPull(b.id())) {
            for (long k = 1; k <= 20_000; k++) {
                first.put(k, 1_000 + k);
                second.put(k, 2_000 + k);
            }
            long[] out = new long[1];
            first.getAll(new long[] {7}, 1, -1, out);
            assertThat(out[0]).isEqualTo(1_007);
            second.getAll(new long[] {7}, 1, -1, out);
            assertThat(out[0]).isEqualTo(2_007);
            second.commit(new Watermark(Instant.EPOCH, Optional.of(2L)));
            first.commit(new Watermark(Instant.EPOCH, Optional.of(1L)));
        }
        // The memory is free again: a later pull of the first connector goes through the log.
        try (PullState again = store.beginPull(a.id())) {
            again.put(20_001, 1);
            again.commit(new Watermark(Instant.EPOCH, Optional.of(3L)));
        }
        store.close();
        store = new DirectoryConnectorStore(dir);

        assertThat(store.fingerprintCount(a.id())).isEqualTo(20_001);
        assertThat(store.fingerprintCount(b.id())).isEqualTo(20_000);
        assertThat(IndexLookups.get(store, a.id(), 12_345)).isEqualTo(13_345);
        assertThat(IndexLookups.get(store, b.id(), 12_345)).isEqualTo(14_345);
        assertThat(IndexLookups.get(store, a.id(), 20_001)).isEqualTo(1);
    }

    @Test
    void filesLeftByAProcessThatDiedAreRemovedWhenTheirConnectorIsNextUsed() throws IOException {
        StoredConnector a = connector(Instant.EPOCH, "a");
        store.save(a);
        FingerprintIndex f = new FingerprintIndex();
        f.put(7, 70);
        commitPull(a.id(), new Watermark(Instant.EPOCH, Optional.of(1L)), f);
        store.close();
        // What a process killed mid-pull, or between renaming a first table into place and writing meta, leaves.
        Files.write(dir.resolve(a.id() + ".pull-" + java.util.UUID.randomUUID() + ".tmp"), new byte[MappedPages.PAGE_BYTES]);
        Files.write(dir.resolve(a.id() + ".table-99"), new byte[MappedPages.PAGE_BYTES]);

        store = new DirectoryConnectorStore(dir);
        assertThat(store.watermark(a.id()).orElseThrow().columnValue()).contains(1L);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(a.id() + ".")))
                    .allMatch(n -> !n.endsWith(".tmp") && !n.endsWith(".table-99"))
                    .filteredOn(n -> n.contains(".table-")).hasSize(1);
        }
        assertThat(IndexLookups.get(store, a.id(), 7)).isEqualTo(70);
    }
}
