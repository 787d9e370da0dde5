package com.qanatix.core.internal;

import com.qanatix.core.spi.SourceException;
import com.qanatix.core.spi.RecordSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ReadAheadSourceTest {

    /** Counts rows; fails after {@code failAfter} rows, or blocks there until closed when {@code blockAfter} is set. */
    private static final class CountingSource implements RecordSource {
        final int rows;
        final int failAfter;
        final int blockAfter;
        final AtomicInteger produced = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        final CountDownLatch blocked = new CountDownLatch(1);
        volatile Thread readingThread;

        CountingSource(int rows, int failAfter, int blockAfter) {
            this.rows = rows;
            this.failAfter = failAfter;
            this.blockAfter = blockAfter;
        }

        @Override
        public boolean hasNext() {
            readingThread = Thread.currentThread();
            int n = produced.get();
            if (n == failAfter) {
                throw new SourceException("connection lost after " + n + " rows");
            }
            if (n == blockAfter) {
                blocked.countDown();
                while (!closed.get()) {
                    Thread.onSpinWait();
                }
                throw new SourceException("the source was closed (pull aborted)");
            }
            return n < rows;
        }

        @Override
        public Map<String, Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return Map.of("id", (long) produced.getAndIncrement());
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            closed.set(true);
        }
    }

    private static List<Long> drain(RecordSource source) {
        List<Long> ids = new ArrayList<>();
        while (source.hasNext()) {
            ids.add((Long) source.next().get("id"));
        }
        return ids;
    }

    @Test
    void deliversEveryRowInOrderAcrossChunksOnAnotherThread() {
        CountingSource source = new CountingSource(1_000, -1, -1);
        try (ReadAheadSource ahead = new ReadAheadSource(source, 300, "test-reader")) {
            List<Long> ids = drain(ahead);

            assertThat(ids).hasSize(1_000);
            for (int i = 0; i < ids.size(); i++) {
                assertThat(ids.get(i)).isEqualTo(i);
            }
            assertThat(ahead.hasNext()).isFalse();
            assertThatThrownBy(ahead::next).isInstanceOf(NoSuchElementException.class);
        }
        assertThat(source.readingThread).isNotEqualTo(Thread.currentThread());
        assertThat(source.closes.get()).isEqualTo(1);
    }

    /** Reads ids as raw values and decodes them into rows; records which threads did which half. */
    private static final class TwoStageSource implements RecordSource {
        final int rows;
        final long badId;
        int read;
        final Set<Thread> rawThreads = ConcurrentHashMap.newKeySet();
        final Set<Thread> decodeThreads = ConcurrentHashMap.newKeySet();

        TwoStageSource(int rows, long badId) {
            this.rows = rows;
            this.badId = badId;
        }

        @Override
        public boolean hasNext() {
            return read < rows;
        }

        @Override
        public Object nextRaw() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            rawThreads.add(Thread.currentThread());
            return (long) read++;
        }

        @Override
        public Map<String, Object> decode(Object raw) {
            decodeThreads.add(Thread.currentThread());
            if (raw.equals(badId)) {
                throw new SourceException("row " + raw + " holds invalid JSON");
            }
            return Map.of("id", raw);
        }

        @Override
        public Map<String, Object> next() {
            return decode(nextRaw());
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theReaderOnlyReadsAndThePullingThreadDecodesInOrder() {
        TwoStageSource source = new TwoStageSource(1_000, -1);
        try (ReadAheadSource ahead = new ReadAheadSource(source, 300, "test-reader")) {
            List<Long> ids = drain(ahead);

            assertThat(ids).hasSize(1_000);
            for (int i = 0; i < ids.size(); i++) {
                assertThat(ids.get(i)).isEqualTo(i);
            }
        }
        assertThat(source.decodeThreads).containsExactly(Thread.currentThread());
        assertThat(source.rawThreads).hasSize(1).doesNotContain(Thread.currentThread());
    }

    @Test
    void aRowThatFailsToDecodeFailsThePullAtThatRow() {
        TwoStageSource source = new TwoStageSource(1_000, 500);
        try (ReadAheadSource ahead = new ReadAheadSource(source, 100, "test-reader")) {
            List<Long> ids = new ArrayList<>();
            assertThatThrownBy(() -> {
                while (ahead.hasNext()) {
                    ids.add((Long) ahead.next().get("id"));
                }
            }).isInstanceOf(SourceException.class).hasMessage("row 500 holds invalid JSON");
            assertThat(ids).hasSize(500);
        }
    }

    @Test
    void aSourceThatDoesNotSplitItsReadsIsDecodedAsItWasRead() {
        RecordSource plain = new CountingSource(3, -1, -1);
        Object raw = plain.nextRaw();

        assertThat(raw).isEqualTo(Map.of("id", 0L));
        assertThat(plain.decode(raw)).isSameAs(raw);
    }

    @Test
    void anEmptySourceEndsAtOnce() {
        try (ReadAheadSource ahead = new ReadAheadSource(new CountingSource(0, -1, -1), 10, "test-reader")) {
            assertThat(ahead.hasNext()).isFalse();
        }
    }

    @Test
    void aFailureArrivesAfterTheRowsReadBeforeItUnchanged() {
        CountingSource source = new CountingSource(1_000, 300, -1);
        try (ReadAheadSource ahead = new ReadAheadSource(source, 100, "test-reader")) {
            List<Long> ids = new ArrayList<>();
            assertThatThrownBy(() -> {
                while (ahead.hasNext()) {
                    ids.add((Long) ahead.next().get("id"));
                }
            }).isInstanceOf(SourceException.class).hasMessage("connection lost after 300 rows");
            assertThat(ids).hasSize(300);
        }
    }

    @Test
    void closingFromAnotherThreadAbortsAWaitingPullAndTheReader() {
        CountingSource source = new CountingSource(1_000, -1, 10);
        ReadAheadSource ahead = new ReadAheadSource(source, 100, "test-reader");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            source.blocked.await();
            Thread closer = new Thread(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ahead.close();
            });
            closer.start();
            assertThatThrownBy(() -> drain(ahead)).isInstanceOf(SourceException.class)
                    .hasMessageContaining("closed");
            closer.join();
            ahead.close(); // twice is fine
        });
        assertThat(source.closes.get()).isEqualTo(2);
        assertThat(source.readingThread.isAlive()).isFalse();
    }

    @Test
    void theReaderStaysAtMostAboutTheAllowedRowsAhead() throws Exception {
        CountingSource source = new CountingSource(100_000, -1, -1);
        try (ReadAheadSource ahead = new ReadAheadSource(source, 1_000, "test-reader")) {
            assertThat(ahead.hasNext()).isTrue();
            Thread.sleep(200);
            // chunks of 500 (half the rows allowed): the one in hand, two queued, one being filled
            assertThat(source.produced.get()).isLessThanOrEqualTo(4 * 500);
        }
        CountingSource small = new CountingSource(100_000, -1, -1);
        try (ReadAheadSource ahead = new ReadAheadSource(small, 5, "test-reader")) {
            assertThat(ahead.hasNext()).isTrue();
            Thread.sleep(200);
            // chunks of 2: the one in hand, three queued, one being filled
            assertThat(small.produced.get()).isLessThanOrEqualTo(5 * 2);
        }
    }
}
