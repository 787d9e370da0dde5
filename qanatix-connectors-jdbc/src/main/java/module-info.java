import com.qanatix.connectors.jdbc.GenericJdbcConnectorProvider;
import com.qanatix.connectors.jdbc.MySqlConnectorProvider;
import com.qanatix.connectors.jdbc.PostgresConnectorProvider;

/**
 * The {@code postgresql}, {@code mysql} and {@code jdbc} connector types. PostgreSQL's driver is the
 * automatic module {@code org.postgresql.jdbc}; MySQL Connector/J declares no module name, so its
 * name, {@code mysql.connector.j}, comes from its jar's file name ({@code mysql-connector-j-*.jar}).
 */
module com.qanatix.connectors.jdbc {
    requires transitive com.qanatix.core.spi;
    requires transitive java.sql;
    requires com.qanatix.core;
    requires org.slf4j;
    requires org.postgresql.jdbc;
    requires mysql.connector.j;

    exports com.qanatix.connectors.jdbc;

    provides com.qanatix.core.spi.ConnectorProvider with
            PostgresConnectorProvider, MySqlConnectorProvider, GenericJdbcConnectorProvider;
}
