/** The {@code neo4j} connector type, on the Neo4j Java driver. */
module com.qanatix.connectors.neo4j {
    requires transitive com.qanatix.core.spi;
    requires org.neo4j.driver;

    exports com.qanatix.connectors.neo4j;

    provides com.qanatix.core.spi.ConnectorProvider with com.qanatix.connectors.neo4j.Neo4jConnectorProvider;
}
