package com.qanatix.core.internal.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MarkedKeySetTest {
    private static final byte A = 1;
    private static final byte B = 2;

    @TempDir
    Path dir;

    @Test
    void keysKeepTheirMarkUntilReplacedFromTheExpectedOne() {
        try (MarkedKeySet set = MarkedKeySet.create(dir, 10)) {
            assertThat(set.add(0L, A)).as("hash 0 is a key like any other").isTrue();
            assertThat(set.add(-1L, A)).isTrue();
            assertThat(set.add(0L, B)).as("a key is added once").isFalse();

            assertThat(set.mark(0L)).isEqualTo(A);
            assertThat(set.mark(42L)).isEqualTo(MarkedKeySet.ABSENT);
            assertThat(set.replace(0L, B, A)).as("not B: unchanged").isEqualTo(A);
            assertThat(set.replace(0L, A, B)).isEqualTo(A);
            assertThat(set.mark(0L)).isEqualTo(B);
            assertThat(set.replace(42L, A, B)).isEqualTo(MarkedKeySet.ABSENT);
            assertThat(set.mark(42L)).isEqualTo(MarkedKeySet.ABSENT);
            assertThat(set.count(A)).isEqualTo(1);
            assertThat(set.count(B)).isEqualTo(1);
        }
    }

    @Test
    void aSetSizedTooSmallGrowsAndKeepsEveryKeyAndMark() {
        try (MarkedKeySet set = MarkedKeySet.create(dir, 1)) {
            for (long i = 0; i < 100_000; i++) {
                set.add(i * 0x9E3779B97F4A7C15L, (i % 3 == 0) ? B : A);
            }
            assertThat(set.size()).isEqualTo(100_000);
            assertThat(set.count(B)).isEqualTo(33_334);
            assertThat(set.mark(3 * 0x9E3779B97F4A7C15L)).isEqualTo(B);
            assertThat(set.mark(4 * 0x9E3779B97F4A7C15L)).isEqualTo(A);
            Set<Long> seen = new HashSet<>();
            set.withMark(B).forEach(seen::add);
            assertThat(seen).hasSize(33_334).contains(99_999 * 0x9E3779B97F4A7C15L);
            assertThat(set.withMark(B).contains(6 * 0x9E3779B97F4A7C15L)).isTrue();
            assertThat(set.withMark(B).contains(7 * 0x9E3779B97F4A7C15L)).isFalse();
        }
    }

    @Test
    void closingDeletesTheTemporaryFile() throws Exception {
        MarkedKeySet set = MarkedKeySet.create(dir, 1000);
        set.add(1, A);
        set.close();
        set.close();

        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
