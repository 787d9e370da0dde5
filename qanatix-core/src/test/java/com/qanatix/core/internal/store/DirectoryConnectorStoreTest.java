package com.qanatix.core.internal.store;

import com.qanatix.core.Watermark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

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

        StoreBackend reopened = new DirectoryConnectorStore(dir);
        assertThat(reopened.find(a.id())).contains(a);
        assertThat(IndexLookups.get(reopened, a.id(), 7)).isEqualTo(70);
        assertThat(reopened.watermark(a.id()).orElseThrow().columnValue()).contains(5L);
    }

    @Test
    void aWriteThatDiesMidwayLeavesTheOldFileIntactAndNoTornFile() throws IOException {
        StoredConnector a = connector(Instant.EPOCH, "a");
        store.save(a);
        // A crash mid-write leaves at most a temporary file beside the real one; simulate it.
        Path torn = dir.resolve("." + a.id() + ".connector.json12345.tmp");
        Files.writeString(torn, "{\"id\": \"" + a.id() + "\", \"na");

        assertThat(new DirectoryConnectorStore(dir).find(a.id())).contains(a);
        assertThat(new DirectoryConnectorStore(dir).list()).containsExactly(a);
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
}
