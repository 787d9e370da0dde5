package com.qanatix.core.internal.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
    void getAllAnswersLikeGetForPresentAbsentAndRepeatedKeys() {
        FingerprintIndex index = new FingerprintIndex();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            index.put(random.nextLong(200_000) * 0x9E3779B97F4A7C15L, random.nextLong());
        }
        long[] keys = new long[300];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = random.nextLong(200_000) * 0x9E3779B97F4A7C15L; // about half present
        }
        keys[7] = keys[3];
        keys[8] = 0; // stored as 1, like get and put
        long[] out = new long[keys.length + 5];
        out[keys.length - 1] = 42;
        index.getAll(keys, keys.length - 1, -1, out);
        for (int i = 0; i < keys.length - 1; i++) {
            assertThat(out[i]).as("key %d", i).isEqualTo(index.get(keys[i], -1));
        }
        assertThat(out[keys.length - 1]).as("past count: untouched").isEqualTo(42);
        assertThat(out).contains(-1L);
        assertThatThrownBy(() -> index.getAll(keys, keys.length + 1, -1, new long[keys.length + 1]))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void costsAtMost44BytesARecordAndAbout33OnAverage() {
        // Pages split at 3/4 full into two pages about 3/8 full: 16 bytes an entry over a load
        // between 3/8 and 3/4. Small indexes are one page that doubles.
        FingerprintIndex index = new FingerprintIndex();
        double sum = 0;
        int samples = 0;
        for (long i = 1; i <= 2_000_000; i++) {
            index.put(i * 0x9E3779B97F4A7C15L, i);
            if (i >= 64 && (i & (i - 1)) == 0 || i % 99_991 == 0) {
                double bytes = (double) index.memoryBytes() / index.size();
                assertThat(bytes).as("bytes a record at %d", i).isLessThanOrEqualTo(44.0);
                if (i > 100_000) {
                    sum += bytes;
                    samples++;
                }
            }
        }
        assertThat(sum / samples).as("average bytes a record past 100,000").isBetween(24.0, 36.0);
    }

    @Test
    void aPresizedIndexTakesItsEntriesWithoutGrowing() {
        FingerprintIndex index = new FingerprintIndex(1_000_000);
        long before = index.memoryBytes();
        for (long i = 1; i <= 1_000_000; i++) {
            index.put(i * 0x9E3779B97F4A7C15L, i);
        }
        assertThat(index.memoryBytes()).isEqualTo(before);
        assertThat(index.size()).isEqualTo(1_000_000);
        assertThat(new FingerprintIndex(10).memoryBytes()).isEqualTo(16L * 16);
    }

    @Test
    void forEachVisitsEveryEntryOnceAcrossSplitPages() {
        FingerprintIndex index = new FingerprintIndex();
        for (long i = 1; i <= 300_000; i++) {
            index.put(i * 0x9E3779B97F4A7C15L, i);
        }
        Map<Long, Long> seen = new HashMap<>();
        index.forEach((k, v) -> assertThat(seen.put(k, v)).isNull());
        assertThat(seen).hasSize(300_000);
        seen.forEach((k, v) -> assertThat(k).isEqualTo(v * 0x9E3779B97F4A7C15L));
    }

    @Test
    void aCopyOfALargeIndexIsIndependent() {
        FingerprintIndex a = new FingerprintIndex();
        for (long i = 1; i <= 100_000; i++) {
            a.put(i * 0x9E3779B97F4A7C15L, i);
        }
        FingerprintIndex b = a.copy();
        for (long i = 1; i <= 200_000; i++) {
            b.put(i * 0x9E3779B97F4A7C15L, -i);
        }
        assertThat(a.size()).isEqualTo(100_000);
        assertThat(b.size()).isEqualTo(200_000);
        for (long i = 1; i <= 100_000; i++) {
            assertThat(a.get(i * 0x9E3779B97F4A7C15L, 0)).isEqualTo(i);
            assertThat(b.get(i * 0x9E3779B97F4A7C15L, 0)).isEqualTo(-i);
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

    @Test
    void aClosedIndexGivesItsPagesToTheNextIndexAndRefusesUse() {
        FingerprintIndex first = new FingerprintIndex();
        for (long i = 1; i <= 100_000; i++) {
            first.put(i * 0x9E3779B97F4A7C15L, i);
        }
        long pooledBefore = FingerprintPages.pooledBytes();

        first.close();
        first.close();

        assertThat(FingerprintPages.pooledBytes()).isGreaterThan(pooledBefore);
        assertThatThrownBy(() -> first.get(1, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> first.put(1, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> first.forEach((k, v) -> { })).isInstanceOf(IllegalStateException.class);
        assertThat(first.size()).isZero();

        long pooledAfterClose = FingerprintPages.pooledBytes();
        try (FingerprintIndex second = new FingerprintIndex(100_000)) {
            assertThat(FingerprintPages.pooledBytes()).isLessThan(pooledAfterClose);
            for (long i = 1; i <= 100_000; i++) {
                assertThat(second.get(i * 0x9E3779B97F4A7C15L, -1)).as("a reused page starts empty").isEqualTo(-1);
            }
        }
    }

    @Test
    void aReadOnlyViewSharesTheEntriesRefusesChangesAndReleasesNothing() {
        FingerprintIndex index = new FingerprintIndex();
        for (long i = 1; i <= 50_000; i++) {
            index.put(i * 0x9E3779B97F4A7C15L, i);
        }
        long pooled = FingerprintPages.pooledBytes();

        try (FingerprintIndex view = index.readOnlyView()) {
            assertThat(view.size()).isEqualTo(50_000);
            assertThat(view.get(77 * 0x9E3779B97F4A7C15L, 0)).isEqualTo(77);
            assertThatThrownBy(() -> view.put(1, 1)).isInstanceOf(UnsupportedOperationException.class);
        }

        assertThat(FingerprintPages.pooledBytes()).isEqualTo(pooled);
        assertThat(index.get(77 * 0x9E3779B97F4A7C15L, 0)).isEqualTo(77);
        index.close();
    }
}
