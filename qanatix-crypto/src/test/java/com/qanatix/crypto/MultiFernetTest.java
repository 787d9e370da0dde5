package com.qanatix.crypto;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultiFernetTest {
    private final FernetKey oldKey = FernetKey.generate();
    private final FernetKey newKey = FernetKey.generate();

    @Test
    void theFirstKeyEncryptsAndEveryKeyDecrypts() {
        String oldToken = MultiFernet.of(oldKey).encrypt("a");
        MultiFernet both = MultiFernet.of(newKey, oldKey);
        assertThat(both.decryptToString(oldToken)).isEqualTo("a");
        assertThat(new FernetCipher(newKey).decryptToString(both.encrypt("b"))).isEqualTo("b");
        assertThatThrownBy(() -> MultiFernet.of(FernetKey.generate()).decrypt(oldToken))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void rotateKeepsTheOriginalTimestamp() {
        Instant then = Instant.parse("2020-01-01T00:00:00Z");
        String oldToken = new FernetCipher(oldKey, Clock.fixed(then, ZoneOffset.UTC)).encrypt("pw");
        String rotated = MultiFernet.of(newKey, oldKey).rotate(oldToken);

        FernetCipher onlyNew = new FernetCipher(newKey);
        assertThat(onlyNew.decryptToString(rotated)).isEqualTo("pw");
        assertThat(onlyNew.extractTimestamp(rotated)).isEqualTo(then.getEpochSecond());
        assertThat(rotated).isNotEqualTo(oldToken);
        assertThatThrownBy(() -> MultiFernet.of(newKey).rotate(oldToken)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void anEmptyKeyListIsRejected() {
        assertThatThrownBy(() -> MultiFernet.of(List.of())).isInstanceOf(KeyConfigurationException.class);
    }

    @Test
    void oneSharedInstanceServesManyThreadsCorrectly() throws Exception {
        MultiFernet shared = MultiFernet.of(newKey, oldKey);
        FernetCipher sharedCipher = new FernetCipher(oldKey);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                tasks.add(() -> {
                    int ok = 0;
                    for (int i = 0; i < 1000; i++) {
                        String plain = "thread-" + thread + "-message-" + i;
                        String viaOld = sharedCipher.encrypt(plain);
                        if (shared.decryptToString(viaOld).equals(plain)
                                && shared.decryptToString(shared.encrypt(plain)).equals(plain)
                                && shared.decryptToString(shared.rotate(viaOld)).equals(plain)) {
                            ok++;
                        }
                    }
                    return ok;
                });
            }
            int total = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                total += f.get();
            }
            assertThat(total).isEqualTo(16 * 1000);
        } finally {
            pool.shutdownNow();
        }
    }
}
