/**
 * The SDK a host embeds: {@code Qanatix}, the connector registry, pulls into a {@code RecordSink},
 * the stores and the scheduler. Exports the host API ({@code com.qanatix.core}) and the JSON reader
 * plugins may use ({@code com.qanatix.core.json}); everything under {@code com.qanatix.core.internal}
 * stays inside. Connector types are found with {@link java.util.ServiceLoader} among the modules that
 * provide {@code com.qanatix.core.spi.ConnectorProvider}.
 */
module com.qanatix.core {
    requires transitive com.qanatix.core.spi;
    requires transitive com.qanatix.crypto;
    requires transitive java.sql;
    requires java.net.http;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires com.cronutils;
    // The JDBC store writes with COPY when the host's connections are pgjdbc's; optional otherwise.
    requires static org.postgresql.jdbc;

    exports com.qanatix.core;
    exports com.qanatix.core.json;

    uses com.qanatix.core.spi.ConnectorProvider;
}
