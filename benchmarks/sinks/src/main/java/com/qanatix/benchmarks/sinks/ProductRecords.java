package com.qanatix.benchmarks.sinks;

import com.qanatix.core.IngestRecord;
import com.qanatix.core.spi.Row;
import com.qanatix.core.spi.RowLayout;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Product records as a pull maps them: the 7 columns of the pipeline benchmark's rows (id, name,
 * sku, price, stock, updated_at, a small JSON object), about 270 bytes of NDJSON each. Each row is
 * a {@link Row} of one layout and its JSON object a {@code Row} of another, as the JDBC connector
 * and {@code JsonValueReader} hand them over.
 */
final class ProductRecords {
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final RowLayout COLUMNS = RowLayout.of(List.of("id", "name", "sku", "price", "stock",
            "updated_at", "attributes"));
    private static final RowLayout ATTRIBUTES = RowLayout.of(List.of("color", "weight_g"));

    private ProductRecords() {
    }

    /** @param from first id @param count how many @return records {@code from .. from+count-1} */
    static List<IngestRecord> batch(long from, int count) {
        List<IngestRecord> batch = new ArrayList<>(count);
        for (long id = from; id < from + count; id++) {
            batch.add(record(id));
        }
        return batch;
    }

    static IngestRecord record(long id) {
        Map<String, Object> attributes = ATTRIBUTES.row(new Object[] {(id & 1) == 0 ? "red" : "blue", id % 1000});
        Map<String, Object> row = COLUMNS.row(new Object[] {id, "Product " + id, "SKU-" + id,
            BigDecimal.valueOf(id % 100_000, 2), id % 500, BASE.plusSeconds(id), attributes});
        return new IngestRecord(Long.toString(id), "Product " + id, "retail", "product", row);
    }
}
