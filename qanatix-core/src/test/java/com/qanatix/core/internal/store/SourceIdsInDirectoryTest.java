package com.qanatix.core.internal.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SourceIdsInDirectoryTest extends SourceIdStoreContract {
    @TempDir
    Path dir;

    @Override
    protected StoreBackend newStore() {
        return new DirectoryConnectorStore(dir);
    }

    @Test
    void idsSurviveReopeningTheStore() {
        String id = store.list().get(0).id();
        try (PullState pull = store.beginPullWithSourceIds(id)) {
            pull.put(7, 70);
            pull.addSourceId(7, "p-7");
            pull.commit(new com.qanatix.core.Watermark(java.time.Instant.EPOCH, java.util.Optional.empty()));
        }
        store.close();
        store = new DirectoryConnectorStore(dir);

        List<String> ids = new ArrayList<>();
        store.forEachSourceId(id, (k, v) -> ids.add(k + "=" + v));
        assertThat(ids).containsExactly("7=p-7");
    }

    @Test
    void bytesPastTheCommittedLengthAreACommitThatNeverCompletedAndAreIgnored() throws Exception {
        String id = store.list().get(0).id();
        commit(id, 1, "p-1");
        store.close();
        java.nio.file.Files.write(dir.resolve(id + ".ids"), new byte[] {0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 3, 'p', '-'},
                java.nio.file.StandardOpenOption.APPEND); // a torn append: the header still says one entry
        store = new DirectoryConnectorStore(dir);

        commit(id, 2, "p-2");

        List<String> ids = new ArrayList<>();
        store.forEachSourceId(id, (k, v) -> ids.add(k + "=" + v));
        assertThat(ids).containsExactly("1=p-1", "2=p-2");
    }

    private void commit(String id, long key, String sourceId) {
        try (PullState pull = store.beginPullWithSourceIds(id)) {
            pull.put(key, key);
            pull.addSourceId(key, sourceId);
            pull.commit(new com.qanatix.core.Watermark(java.time.Instant.EPOCH, java.util.Optional.empty()));
        }
    }
}
