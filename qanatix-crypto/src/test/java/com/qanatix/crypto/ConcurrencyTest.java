package com.qanatix.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    private static final int THREADS = 16;
    private static final int OPERATIONS = 2_000;

    @Test
    void oneSharedCipherAndMultiFernetGiveCorrectResultsUnderSixteenThreads() throws Exception {
        FernetKey primary = FernetKey.generate();
        FernetKey old = FernetKey.generate();
        FernetCipher cipher = new FernetCipher(primary);
        FernetCipher oldCipher = new FernetCipher(old);
        MultiFernet multi = MultiFernet.of(primary, old);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<Integer> work = () -> {
                    start.await();
                    int done = 0;
                    for (int i = 0; i < OPERATIONS; i++) {
                        String plaintext = "thread " + thread + " op " + i + " " + "x".repeat(i % 40);
                        switch (i % 4) {
                            case 0:
                                assertThat(multi.decryptToString(cipher.encrypt(plaintext))).isEqualTo(plaintext);
                                break;
                            case 1:
                                assertThat(cipher.decryptToString(multi.encrypt(plaintext))).isEqualTo(plaintext);
                                break;
                            case 2:
                                assertThat(cipher.decryptToString(multi.rotate(oldCipher.encrypt(plaintext))))
                                        .isEqualTo(plaintext);
                                break;
                            default:
                                assertThat(multi.decryptToString(oldCipher.encrypt(plaintext))).isEqualTo(plaintext);
                                break;
                        }
                        done++;
                    }
                    return done;
                };
                results.add(pool.submit(work));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(5, TimeUnit.MINUTES);
            }
            assertThat(total).isEqualTo(THREADS * OPERATIONS);
        } finally {
            pool.shutdownNow();
        }
    }
}
