package com.qanatix.benchmarks.sinks;

import com.qanatix.core.Record;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Product records as a pull maps them: the 7 columns of the pipeline benchmark's rows (id, name,
 * sku, price, stock, updated_at, a small JSON object), about 200 bytes of NDJSON each.
 */
final class ProductRecords {
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private ProductRecords() {
    }

    /** @param from first id @param count how many @return records {@code from .. from+count-1} */
    static List<Record> batch(long from, int count) {
        List<Record> batch = new ArrayList<>(count);
        for (long id = from; id < from + count; id++) {
            batch.add(record(id));
        }
        return batch;
    }

    static Record record(long id) {
        Map<String, Object> attributes = new LinkedHashMap<>(4);
        attributes.put("color", (id & 1) == 0 ? "red" : "blue");
        attributes.put("weight_g", id % 1000);
        Map<String, Object> row = new LinkedHashMap<>(12);
        row.put("id", id);
        row.put("name", "Product " + id);
        row.put("sku", "SKU-" + id);
        row.put("price", BigDecimal.valueOf(id % 100_000, 2));
        row.put("stock", id % 500);
        row.put("updated_at", BASE.plusSeconds(id));
        row.put("attributes", Collections.unmodifiableMap(attributes));
        return new Record(Long.toString(id), "Product " + id, "retail", "product", Collections.unmodifiableMap(row));
    }
}
