package com.qanatix.core;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

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
}
