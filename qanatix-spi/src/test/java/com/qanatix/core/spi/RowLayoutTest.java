package com.qanatix.core.spi;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowLayoutTest {
    private final RowLayout layout = RowLayout.of(List.of("id", "name", "note"));

    @Test
    void aRowIsAnOrderedMapWithNullValues() {
        Map<String, Object> row = layout.row(new Object[] {1L, "Lamp", null});

        assertThat(row).containsExactly(Map.entry("id", 1L), Map.entry("name", "Lamp"),
                new java.util.AbstractMap.SimpleEntry<>("note", null));
        assertThat(row.get("name")).isEqualTo("Lamp");
        assertThat(row.containsKey("note")).isTrue();
        assertThat(row.get("note")).isNull();
        assertThat(row.containsKey("missing")).isFalse();
        assertThat(row.get("missing")).isNull();
        assertThat(row.keySet()).containsExactly("id", "name", "note");
    }

    @Test
    void aRowEqualsTheSameEntriesInAnyMap() {
        Map<String, Object> same = new LinkedHashMap<>();
        same.put("id", 1L);
        same.put("name", "Lamp");
        same.put("note", null);

        Row row = layout.row(new Object[] {1L, "Lamp", null});

        assertThat(row).isEqualTo(same);
        assertThat(row.hashCode()).isEqualTo(same.hashCode());
        assertThat(row.toString()).isEqualTo(same.toString());
    }

    @Test
    void aRowCannotBeChanged() {
        Map<String, Object> row = layout.row(new Object[] {1L, "Lamp", null});

        assertThatThrownBy(() -> row.put("id", 2L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> row.remove("id")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> row.entrySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(row::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aColumnNamedTwiceIsRejectedWithAHint() {
        assertThatThrownBy(() -> RowLayout.of(List.of("id", "name", "id")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'id' appears twice")
                .hasMessageContaining("aliases");
    }

    @Test
    void aRowNeedsOneValueAColumn() {
        assertThatThrownBy(() -> layout.row(new Object[] {1L}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 columns got 1 values");
    }
}
