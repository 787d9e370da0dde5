/**
 * A host application as a named module. It requires the SDK's API module and nothing else of it:
 * the connector types are service providers it never names.
 */
module com.qanatix.examples.modulepath {
    requires com.qanatix.core;

    uses com.qanatix.core.spi.ConnectorProvider;
}
