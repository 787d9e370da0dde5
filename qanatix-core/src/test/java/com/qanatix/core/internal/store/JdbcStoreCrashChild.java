package com.qanatix.core.internal.store;

import com.qanatix.core.ConnectorStore;
import com.qanatix.core.PullInfo;
import com.qanatix.core.PullResult;
import com.qanatix.core.PullStatus;
import com.qanatix.core.Qanatix;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.RecordSink;
import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host that {@link JdbcStoreCrashTest} kills: pulls a connector of a JDBC store again and
 * again, generation after generation of {@link #rows}, and prints {@code sink-commit G} just before
 * the store commits generation G and {@code committed G} once the pull returned.
 *
 * <p>Arguments: JDBC URL, Fernet key, connector id, first generation.
 */
public final class JdbcStoreCrashChild {
    /** Rows in each generation. */
    static final int ROWS = 30_000;
    /** Each generation changes one row in this many. */
    static final int CHANGE_EVERY = 4;
    static final String DATASET = "crash";

    private JdbcStoreCrashChild() {
    }

    /**
     * Generation {@code g} of the source: row {@code i} was last changed in the latest generation
     * {@code h <= g} with {@code (i + h) % CHANGE_EVERY == 0}, and carries {@code h} in
     * {@code updated} (the watermark column, so the watermark names the generation committed).
     *
     * @param g a generation
     * @return its rows
     */
    static List<Map<String, Object>> rows(long g) {
        List<Map<String, Object>> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            long changed = g - Math.floorMod(i + g, CHANGE_EVERY);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", (long) i);
            row.put("name", "row " + i);
            row.put("updated", changed);
            rows.add(row);
        }
        return rows;
    }

    /**
     * @param args JDBC URL, Fernet key, connector id, first generation
     */
    public static void main(String[] args) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setMaximumPoolSize(2);
        String connectorId = args[2];
        long generation = Long.parseLong(args[3]);
        long[] pulling = {generation};
        RecordSink sink = new RecordSink() {
            @Override
            public void write(PullInfo pull, List<IngestRecord> batch) {
            }

            @Override
            public void commit(PullInfo pull) {
                System.out.println("sink-commit " + pulling[0]);
                System.out.flush();
            }
        };
        try (HikariDataSource pool = new HikariDataSource(config);
             ConnectorStore store = ConnectorStore.jdbc(pool);
             Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.fromString(args[1]))).store(store)
                     .sink(sink).provider(new ListSourceProvider()).build()) {
            System.out.println("ready");
            System.out.flush();
            for (long g = generation; ; g++) {
                pulling[0] = g;
                ListSourceProvider.dataset(DATASET, rows(g));
                PullResult result = qx.pull(connectorId);
                if (result.status() != PullStatus.COMPLETED) {
                    System.out.println("failed " + g + ": " + result.error().orElse("?"));
                    System.exit(2);
                }
                System.out.println("committed " + g);
                System.out.flush();
            }
        }
    }
}
