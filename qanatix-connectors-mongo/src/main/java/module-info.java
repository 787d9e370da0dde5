/** The {@code mongodb} connector type, on the MongoDB sync driver (automatic modules). */
module com.qanatix.connectors.mongo {
    requires transitive com.qanatix.core.spi;
    requires org.mongodb.driver.sync.client;
    requires org.mongodb.driver.core;
    requires org.mongodb.bson;
    requires org.slf4j;

    exports com.qanatix.connectors.mongo;

    provides com.qanatix.core.spi.ConnectorProvider with com.qanatix.connectors.mongo.MongoConnectorProvider;
}
