package com.qanatix.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSupportTest {

    @Test
    void readsObjectsInFieldOrderWithNormalizedNumbers() throws Exception {
        Object value = JsonSupport.readNormalized(
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
    void readsScalarsAndEmptyContainersAtTheTop() throws Exception {
        assertThat(JsonSupport.readNormalized("42")).isEqualTo(42L);
        assertThat(JsonSupport.readNormalized("\"text\"")).isEqualTo("text");
        assertThat(JsonSupport.readNormalized("null")).isNull();
        assertThat(JsonSupport.readNormalized("[]")).isEqualTo(List.of());
        assertThat(JsonSupport.readNormalized("{}")).isEqualTo(Map.of());
        assertThat(JsonSupport.readNormalized("[null, 1]")).isEqualTo(Arrays.asList(null, 1L));
    }

    @Test
    void rejectsTextThatIsNotOneJsonValue() {
        assertThatThrownBy(() -> JsonSupport.readNormalized("")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonSupport.readNormalized("{\"a\": 1} x")).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonSupport.readNormalized("{\"a\": }")).isInstanceOf(JsonProcessingException.class);
    }
}
