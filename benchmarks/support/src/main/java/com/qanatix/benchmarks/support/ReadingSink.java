package com.qanatix.benchmarks.support;

import com.qanatix.core.PullInfo;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.RecordSink;

import java.util.List;
import java.util.Map;

/**
 * A sink that looks at every value of every record, nested ones included, and then forgets the
 * batch: what a sink that serializes or maps records pays for values handed on unparsed (a
 * PostgreSQL JSON column is parsed when first read).
 */
public final class ReadingSink implements RecordSink {
    private long seen;

    @Override
    public void write(PullInfo pull, List<IngestRecord> batch) {
        for (IngestRecord r : batch) {
            seen += visit(r.data());
        }
    }

    private static long visit(Object value) {
        if (value instanceof Map<?, ?> map) {
            long n = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                n += 1 + visit(e.getValue());
            }
            return n;
        }
        if (value instanceof List<?> list) {
            long n = 0;
            for (Object item : list) {
                n += 1 + visit(item);
            }
            return n;
        }
        return value == null ? 0 : 1;
    }

    @Override
    public void commit(PullInfo pull) {
    }

    /** @return values looked at so far */
    public long seen() {
        return seen;
    }
}
