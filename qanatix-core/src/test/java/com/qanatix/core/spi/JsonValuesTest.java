package com.qanatix.core.spi;

import com.qanatix.core.internal.Fingerprinter;
import com.qanatix.core.internal.JsonSupport;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonValuesTest {

    private static Object deferred(String json) {
        byte[] utf8 = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8); // a slice, as a driver's buffer may be
        return JsonValues.deferred(utf8, 2, utf8.length - 4);
    }

    @Test
    void objectsAndArraysReadLikeTheParsedValue() throws Exception {
        String json = "{\"color\": \"réd\", \"n\": [1, 2.5, null, {\"deep\": true}], \"big\": 123456789012345678901234}";
        Object value = deferred(json);

        assertThat(value).isInstanceOf(Map.class).isEqualTo(JsonSupport.readNormalized(json));
        Map<?, ?> map = (Map<?, ?>) value;
        assertThat(new ArrayList<Object>(map.keySet())).containsExactly("color", "n", "big");
        assertThat(map.get("color")).isEqualTo("réd");
        assertThat(map.get("big")).isEqualTo(new BigDecimal("123456789012345678901234"));
        assertThat(map.get("n")).isEqualTo(Arrays.asList(1L, new BigDecimal("2.5"), null, Map.of("deep", true)));

        Object array = deferred("  [1, \"two\", {\"three\": 3}]");
        assertThat(array).isInstanceOf(List.class).isEqualTo(List.of(1L, "two", Map.of("three", 3L)));
        assertThat(((List<?>) array).size()).isEqualTo(3);
    }

    @Test
    void scalarsAreParsedAtOnceAndInvalidOnesRejected() {
        assertThat(deferred("\"text\"")).isEqualTo("text");
        assertThat(deferred("42")).isEqualTo(42L);
        assertThat(deferred("1.50")).isEqualTo(new BigDecimal("1.50"));
        assertThat(deferred("true")).isEqualTo(true);
        assertThat(deferred("null")).isNull();
        assertThatThrownBy(() -> deferred("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeferredValueSerializesAsTheParsedOneDoes() throws Exception {
        String json = "{\"a\": [1, {\"b\": \"c\"}], \"d\": 1.50}";
        assertThat(JsonSupport.MAPPER.writeValueAsString(Map.of("v", deferred(json))))
                .isEqualTo(JsonSupport.MAPPER.writeValueAsString(Map.of("v", JsonSupport.readNormalized(json))));
    }

    @Test
    void threadsReadingOneValueAllSeeTheSameContent() throws Exception {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 200; i++) {
            json.append(i == 0 ? "" : ", ").append("\"k").append(i).append("\": ").append(i);
        }
        Object expected = JsonSupport.readNormalized(json.append('}').toString());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                Map<?, ?> shared = (Map<?, ?>) deferred(json.toString());
                List<Callable<Object>> readers = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    readers.add(() -> Map.copyOf(shared));
                }
                for (Future<Object> f : pool.invokeAll(readers)) {
                    assertThat(f.get()).isEqualTo(expected);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dedupFingerprintsTheTextWithoutParsingIt() {
        Fingerprinter f = new Fingerprinter();
        long a = f.contentHash("n", Map.of("j", deferred("{\"a\": 1}")));
        assertThat(f.contentHash("n", Map.of("j", deferred("{\"a\": 1}")))).isEqualTo(a);
        assertThat(f.contentHash("n", Map.of("j", deferred("{\"a\": 2}")))).isNotEqualTo(a);
        assertThat(f.contentHash("n", Map.of("j", deferred("[1]")))).isNotEqualTo(f.contentHash("n", Map.of("j",
                deferred("[2]"))));
    }
}
