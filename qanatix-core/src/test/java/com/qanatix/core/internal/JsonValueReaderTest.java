package com.qanatix.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

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
    void readsValueAfterValueLikeTheOneShotParser() throws Exception {
        List<String> docs = List.of(
                "{\"z\": 1, \"a\": 1.50, \"big\": 123456789012345678901234567890, \"t\": true, \"n\": null,"
                        + " \"s\": \"caf\\u00e9 \u65e5\u672c\", \"list\": [1, [2.0, {\"k\": false}], \"x\"]}",
                "42", "-7", "3.25", "\"text\"", "null", "true", "[]", "{}", "[null, 1]", " {\"a\" : [ ] } ",
                "{\"color\": \"red\", \"weight_g\": 123}", "{\"color\": \"blue\", \"weight_g\": 7}");
        for (int round = 0; round < 3; round++) {
            for (String doc : docs) {
                assertThat(reader.read(doc)).as(doc).isEqualTo(JsonSupport.readNormalized(doc));
                byte[] bytes = ("xx" + doc + "yy").getBytes(StandardCharsets.UTF_8);
                int length = doc.getBytes(StandardCharsets.UTF_8).length;
                assertThat(reader.read(bytes, 2, length)).as(doc).isEqualTo(JsonSupport.readNormalized(doc));
            }
        }
    }

    @Test
    void aLargeValueGrowsTheBuffer() throws Exception {
        StringBuilder sb = new StringBuilder("[");
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append(",\"v\":\"").append(random.nextInt())
                    .append("\"}");
        }
        String doc = sb.append(']').toString();

        Object value = reader.read(doc);

        assertThat(value).isEqualTo(JsonSupport.readNormalized(doc));
        assertThat((List<?>) value).hasSize(20_000);
        assertThat(reader.read("{\"after\": 1}")).isEqualTo(Map.of("after", 1L));
    }

    @Test
    void badTextFailsAndTheNextValueStillReads() throws Exception {
        for (String bad : List.of("", "   ", "{\"a\": 1} x", "{\"a\": }", "{\"a\": 1", "[1, 2", "\"open", "12 13",
                "{\"a\" 1}", "nul")) {
            assertThatThrownBy(() -> reader.read(bad)).as("'%s'", bad).isInstanceOf(JsonProcessingException.class);
            assertThat(reader.read("{\"ok\": [1]}")).as("after '%s'", bad).isEqualTo(Map.of("ok", List.of(1L)));
        }
        assertThat(reader.read("[null]")).isEqualTo(Arrays.asList((Object) null));
    }

    @Test
    void topLevelObjectsOfOneShapeShareALayoutAndAFieldNamedTwiceKeepsItsLastValue() throws Exception {
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
