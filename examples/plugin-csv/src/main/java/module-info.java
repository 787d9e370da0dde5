/**
 * An example plugin: the {@code csv} connector type, built against {@code qanatix-spi} alone. On the
 * module path the core finds it through {@code provides}; on the classpath, through
 * {@code META-INF/services/com.qanatix.core.spi.ConnectorProvider}.
 */
module com.qanatix.examples.csv {
    requires transitive com.qanatix.core.spi;

    exports com.qanatix.examples.csv;

    provides com.qanatix.core.spi.ConnectorProvider with com.qanatix.examples.csv.CsvConnectorProvider;
}
