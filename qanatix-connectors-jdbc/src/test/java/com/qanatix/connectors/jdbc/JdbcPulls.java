package com.qanatix.connectors.jdbc;

import com.qanatix.core.CollectingSink;
import com.qanatix.core.ConnectorSpec;
import com.qanatix.core.ConnectorStore;
import com.qanatix.core.Qanatix;
import com.qanatix.core.IngestRecord;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;

import java.util.List;
import java.util.Map;

/** A Qanatix instance with an in-memory store and a collecting sink, for connector tests. */
final class JdbcPulls implements AutoCloseable {
    final ConnectorStore store = ConnectorStore.inMemory();
    final CollectingSink sink = new CollectingSink();
    final Qanatix qx = Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).store(store).sink(sink).build();

    String create(String type, Map<String, Object> config, String query) {
        return create(type, config, query, b -> { });
    }

    String create(String type, Map<String, Object> config, String query,
                  java.util.function.Consumer<ConnectorSpec.Builder> more) {
        ConnectorSpec.Builder b = ConnectorSpec.builder().name("products").connectorType(type).vertical("retail")
                .entityType("product").connectionConfig(config).query(query).batchSize(2);
        more.accept(b);
        return qx.connectors().create(b.build()).id();
    }

    List<IngestRecord> takeRecords() {
        List<IngestRecord> records = sink.records();
        sink.clear();
        return records;
    }

    @Override
    public void close() {
        qx.close();
    }
}
