package com.qanatix.core.testing;

import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.spi.SourceException;
import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.RecordSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Connector type {@code test-list}: rows come from an in-memory dataset named by
 * {@code connection_config.dataset}, filtered by the query {@code all} (every row) or
 * {@code updated_since} (rows whose {@code updated_at} is after {@code :last_pull}).
 * {@code connection_config.fail_after} makes the source throw after that many rows, with a message
 * quoting the configured DSN (to prove redaction). Records every {@code :last_pull} it was given and
 * counts open sources.
 */
public final class ListSourceProvider implements ConnectorProvider {
    /** The type name. */
    public static final String TYPE = "test-list";

    private static final Map<String, List<Map<String, Object>>> DATASETS = new ConcurrentHashMap<>();
    private static final List<Object> LAST_PULLS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final Map<String, Long> FAIL_AFTER = new ConcurrentHashMap<>();
    private static final Map<String, java.util.concurrent.CountDownLatch> GATES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> OPENED = new ConcurrentHashMap<>();

    /**
     * Makes the next source opened on a dataset wait, before its first row, until the latch opens
     * (or the source is closed, which fails it). Later sources are not held.
     *
     * @param dataset a dataset
     * @param gate the latch to wait for
     */
    public static void holdNextSource(String dataset, java.util.concurrent.CountDownLatch gate) {
        GATES.put(dataset, gate);
    }

    /** @param dataset a dataset @return how many sources were opened on it */
    public static int opened(String dataset) {
        AtomicInteger n = OPENED.get(dataset);
        return n == null ? 0 : n.get();
    }

    /** @param dataset a dataset @param rows sources of it fail after this many rows; negative: never */
    public static void failAfter(String dataset, long rows) {
        if (rows < 0) {
            FAIL_AFTER.remove(dataset);
        } else {
            FAIL_AFTER.put(dataset, rows);
        }
    }

    /** @param name a dataset @param rows its rows (copied) */
    public static void dataset(String name, List<Map<String, Object>> rows) {
        List<Map<String, Object>> copy = new ArrayList<>();
        rows.forEach(r -> copy.add(new LinkedHashMap<>(r)));
        DATASETS.put(name, copy);
    }

    /** @return every {@code :last_pull} given to a source, in order */
    public static List<Object> lastPulls() {
        return List.copyOf(LAST_PULLS);
    }

    /** @return sources open now */
    public static int openSources() {
        return OPEN.get();
    }

    @Override
    public String connectorType() {
        return TYPE;
    }

    @Override
    public Set<String> secretConfigKeys() {
        return Set.of("password", "dsn");
    }

    @Override
    public Set<String> nonSecretConfigKeys() {
        return Set.of("dataset", "fail_after");
    }

    @Override
    public void validate(ConnectorConfig config, String query) {
        config.requireString("dataset");
        if (!query.equals("all") && !query.equals("updated_since")) {
            throw new InvalidConfigException("query must be 'all' or 'updated_since'");
        }
        if (config.optionalString("dsn").map(d -> !d.contains("://")).orElse(false)) {
            throw new InvalidConfigException("connection_config.dsn is malformed: " + config.optionalString("dsn").get());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public RecordSource open(PullContext context) {
        String dataset = context.config().requireString("dataset");
        List<Map<String, Object>> rows = DATASETS.get(dataset);
        if (rows == null) {
            throw new SourceException("no dataset " + dataset + " at " + context.config().optionalString("dsn").orElse(""));
        }
        Object lastPull = context.lastPull();
        LAST_PULLS.add(lastPull);
        Predicate<Map<String, Object>> filter = context.query().equals("all") ? r -> true
                : r -> ((Comparable<Object>) r.get("updated_at")).compareTo(lastPull) > 0;
        long failAfter = FAIL_AFTER.getOrDefault(dataset, context.config().getLong("fail_after", Long.MAX_VALUE));
        String dsn = context.config().optionalString("dsn").orElse("");
        List<Map<String, Object>> selected = rows.stream().filter(filter).toList();
        java.util.concurrent.CountDownLatch gate = GATES.remove(dataset);
        OPENED.computeIfAbsent(dataset, k -> new AtomicInteger()).incrementAndGet();
        OPEN.incrementAndGet();
        return new RecordSource() {
            private int next;
            private volatile boolean closed;

            @Override
            public boolean hasNext() {
                if (closed) {
                    throw new SourceException("source closed");
                }
                if (gate != null && next == 0) {
                    try {
                        while (!gate.await(5, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                            if (closed) {
                                throw new SourceException("source closed while waiting");
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SourceException("interrupted");
                    }
                }
                if (next >= failAfter) {
                    throw new SourceException("connection to " + dsn + " lost after " + next + " rows");
                }
                return next < selected.size();
            }

            @Override
            public Map<String, Object> next() {
                return new LinkedHashMap<>(selected.get(next++));
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    OPEN.decrementAndGet();
                }
            }
        };
    }
}
