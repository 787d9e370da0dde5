package com.qanatix.core.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds product-like rows for tests. */
public final class Rows {
    private Rows() {
    }

    /**
     * @param count how many
     * @param updatedAt their updated_at
     * @return rows id 1..count with name, sku, price, updated_at
     */
    public static List<Map<String, Object>> products(int count, Instant updatedAt) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            rows.add(product(i, "Product " + i, updatedAt));
        }
        return rows;
    }

    /**
     * @param id id
     * @param name name
     * @param updatedAt updated_at
     * @return one row
     */
    public static Map<String, Object> product(long id, String name, Instant updatedAt) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("name", name);
        row.put("sku", "SKU-" + id);
        row.put("price", new java.math.BigDecimal(id + ".99"));
        row.put("updated_at", updatedAt);
        return row;
    }
}
