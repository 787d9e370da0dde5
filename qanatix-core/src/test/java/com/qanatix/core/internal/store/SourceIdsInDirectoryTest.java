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
}
