package com.qanatix.examples.springboot;

import com.qanatix.core.PullInfo;
import com.qanatix.core.IngestRecord;
import com.qanatix.core.RecordSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * The application's ingestion: upserts each record into {@code ingested_records}, keyed by entity
 * type and source id, so a batch delivered again (delivery is at-least-once) changes nothing.
 */
@Component
public class IngestedRecordsSink implements RecordSink {
    private static final Logger LOG = LoggerFactory.getLogger(IngestedRecordsSink.class);
    private static final String UPSERT = "INSERT INTO ingested_records (entity_type, source_id, name, data, pulled_at) "
            + "VALUES (?, ?, ?, CAST(? AS jsonb), now()) ON CONFLICT (entity_type, source_id) "
            + "DO UPDATE SET name = EXCLUDED.name, data = EXCLUDED.data, pulled_at = EXCLUDED.pulled_at";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    /**
     * @param jdbc the application's database
     * @param json Spring Boot's JSON mapper (java.time values as ISO text)
     */
    public IngestedRecordsSink(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void write(PullInfo pull, List<IngestRecord> batch) {
        jdbc.batchUpdate(UPSERT, batch, batch.size(), (ps, r) -> {
            ps.setString(1, r.entityType());
            ps.setString(2, r.sourceId());
            ps.setString(3, r.name());
            ps.setString(4, json.writeValueAsString(r.data()));
        });
    }

    @Override
    public void commit(PullInfo pull) {
        LOG.debug("pull {} of {} committed", pull.pullId(), pull.connectorName());
    }
}
