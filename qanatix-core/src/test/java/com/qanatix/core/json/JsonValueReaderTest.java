package com.qanatix.core.json;

import com.qanatix.core.spi.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonValueReaderTest {
    private final JsonValueReader reader = new JsonValueReader();

    @Test
    void readsObjectsInFieldOrderWithNormalizedNumbers() {
        Object value = reader.read(
                "{\"z\": 1, \"a\": 1.50, \"big\": 123456789012345678901234567890, \"t\": true, \"n\": null,"
                        + " \"s\": \"caf\\u00e9 \u65e5\u672c\", \"list\": [1, [2.0, {\"k\": false}], \"x\"]}");

        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map.keySet()).containsExactly("z", "a", "big", "t", "n", "s", "list");
        assertThat(map.get("z")).isEqualTo(1L);
        assertThat(map.get("a")).isEqualTo(new BigDecimal("1.50"));
        assertThat(map.get("big")).isEqualTo(new BigDecimal("123456789012345678901234567890"));
        assertThat(map.get("t")).isEqualTo(true);
        assertThat(map.containsKey("n")).isTrue();
        assertThat(map.get("n")).isNull();
        assertThat(map.get("s")).isEqualTo("café 日本");
        assertThat(map.get("list")).isEqualTo(List.of(1L, List.of(new BigDecimal("2.0"), Map.of("k", false)), "x"));
    }

    @Test
    void readsScalarsAndEmptyContainersAtTheTop() {
        assertThat(reader.read("42")).isEqualTo(42L);
        assertThat(reader.read("\"text\"")).isEqualTo("text");
        assertThat(reader.read("null")).isNull();
        assertThat(reader.read("[]")).isEqualTo(List.of());
        assertThat(reader.read("{}")).isEqualTo(Map.of());
        assertThat(reader.read("[null, 1]")).isEqualTo(Arrays.asList(null, 1L));
    }

    @Test
    void badTextFailsWithAMessageThatSaysWhatIsWrong() {
        assertThatThrownBy(() -> reader.read("{\"a\": 1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("end");
        assertThatThrownBy(() -> reader.read("12 13")).hasMessageContaining("after the JSON value");
        assertThatThrownBy(() -> reader.read("{\"a\": 1} x")).hasMessageContaining("Unexpected character ('x'");
    }

    @Test
    void readsValueAfterValueLikeTheOneShotParser() {
        List<String> docs = List.of(
                "{\"z\": 1, \"a\": 1.50, \"big\": 123456789012345678901234567890, \"t\": true, \"n\": null,"
                        + " \"s\": \"caf\\u00e9 \u65e5\u672c\", \"list\": [1, [2.0, {\"k\": false}], \"x\"]}",
                "42", "-7", "3.25", "\"text\"", "null", "true", "[]", "{}", "[null, 1]", " {\"a\" : [ ] } ",
                "{\"color\": \"red\", \"weight_g\": 123}", "{\"color\": \"blue\", \"weight_g\": 7}");
        for (int round = 0; round < 3; round++) {
            for (String doc : docs) {
                assertThat(reader.read(doc)).as(doc).isEqualTo(new JsonValueReader().read(doc));
                byte[] bytes = ("xx" + doc + "yy").getBytes(StandardCharsets.UTF_8);
                int length = doc.getBytes(StandardCharsets.UTF_8).length;
                assertThat(reader.read(bytes, 2, length)).as(doc).isEqualTo(new JsonValueReader().read(doc));
            }
        }
    }

    @Test
    void aLargeValueGrowsTheBuffer() {
        StringBuilder sb = new StringBuilder("[");
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append(",\"v\":\"").append(random.nextInt())
                    .append("\"}");
        }
        String doc = sb.append(']').toString();

        Object value = reader.read(doc);

        assertThat(value).isEqualTo(new JsonValueReader().read(doc));
        assertThat((List<?>) value).hasSize(20_000);
        assertThat(reader.read("{\"after\": 1}")).isEqualTo(Map.of("after", 1L));
    }

    @Test
    void badTextFailsAndTheNextValueStillReads() {
        for (String bad : List.of("", "   ", "{\"a\": 1} x", "{\"a\": }", "{\"a\": 1", "[1, 2", "\"open", "12 13",
                "{\"a\" 1}", "nul")) {
            assertThatThrownBy(() -> reader.read(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class);
            assertThat(reader.read("{\"ok\": [1]}")).as("after '%s'", bad).isEqualTo(Map.of("ok", List.of(1L)));
        }
        assertThat(reader.read("[null]")).isEqualTo(Arrays.asList((Object) null));
    }

    @Test
    void topLevelObjectsOfOneShapeShareALayoutAndAFieldNamedTwiceKeepsItsLastValue() {
        Object first = reader.read("{\"color\": \"red\", \"weight_g\": 1}");
        Object second = reader.read("{\"color\": \"blue\", \"weight_g\": 2}");
        Object other = reader.read("{\"weight_g\": 3, \"color\": \"red\"}");
        Object twice = reader.read("{\"a\": 1, \"a\": 2}");

        assertThat(first).isInstanceOf(com.qanatix.core.spi.Row.class);
        assertThat(((com.qanatix.core.spi.Row) second).layout()).isSameAs(((com.qanatix.core.spi.Row) first).layout());
        assertThat(((com.qanatix.core.spi.Row) other).layout()).isNotSameAs(((com.qanatix.core.spi.Row) first).layout());
        assertThat(other).isEqualTo(Map.of("weight_g", 3L, "color", "red"));
        assertThat(twice).isEqualTo(Map.of("a", 2L));
    }
}
