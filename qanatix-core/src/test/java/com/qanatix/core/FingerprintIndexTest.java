package com.qanatix.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class FingerprintIndexTest {

    @Test
    void behavesLikeAMapOfLongs() {
        FingerprintIndex index = new FingerprintIndex();
        Map<Long, Long> reference = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long key = random.nextLong(50_000) * 0x9E3779B97F4A7C15L;
            long value = random.nextLong();
            index.put(key, value);
            reference.put(key == 0 ? 1 : key, value);
        }
        assertThat(index.size()).isEqualTo(reference.size());
        reference.forEach((k, v) -> assertThat(index.get(k, 0)).isEqualTo(v));
        assertThat(index.contains(12345)).isFalse();
        assertThat(index.get(12345, -1)).isEqualTo(-1);
    }

    @Test
    void costsAtMost32BytesARecord() {
        FingerprintIndex index = new FingerprintIndex();
        for (long i = 1; i <= 2_000_000; i++) {
            index.put(i * 0x9E3779B97F4A7C15L, i);
            if (i >= 64 && (i & (i - 1)) == 0 || i % 99_991 == 0) {
                assertThat((double) index.memoryBytes() / index.size()).as("bytes a record at %d", i).isLessThanOrEqualTo(32.0);
            }
        }
    }

    @Test
    void aCopyIsIndependent() {
        FingerprintIndex a = new FingerprintIndex();
        a.put(1, 1);
        FingerprintIndex b = a.copy();
        b.put(1, 2);
        b.put(3, 3);
        assertThat(a.get(1, 0)).isEqualTo(1);
        assertThat(a.size()).isEqualTo(1);
        assertThat(b.size()).isEqualTo(2);
    }

    @Test
    void mergingALargeIndexIntoAnEmptyOneDoesNotPileKeysIntoOneRun() {
        // What a store does on the first commit of a million-row pull: putAll into a fresh index that
        // grows from 16 slots, fed in the source's slot order. With one key-to-slot mapping for all
        // indexes this was quadratic (a hang at a million); a generous bound, not a benchmark.
        FingerprintIndex pulled = new FingerprintIndex();
        for (long i = 1; i <= 1_000_000; i++) {
            pulled.put(i * 0x9E3779B97F4A7C15L, i);
        }
        FingerprintIndex merged = new FingerprintIndex();

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> merged.putAll(pulled));

        assertThat(merged.size()).isEqualTo(1_000_000);
        assertThat(merged.get(42 * 0x9E3779B97F4A7C15L, 0)).isEqualTo(42);
    }
}
