/**
 * The connector plugin SPI: what a connector type implements ({@code ConnectorProvider},
 * {@code RecordSource}), what it is given ({@code ConnectorConfig}, {@code PullContext}), the rows it
 * builds ({@code RowLayout}, {@code Row}) and the exceptions it throws ({@code QanatixException},
 * {@code InvalidConfigException}, {@code SourceException}). It depends on nothing but {@code java.base}.
 */
module com.qanatix.core.spi {
    exports com.qanatix.core.spi;
}
