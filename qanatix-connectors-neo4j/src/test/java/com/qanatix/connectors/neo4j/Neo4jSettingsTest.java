package com.qanatix.connectors.neo4j;

import com.qanatix.connectors.neo4j.internal.Neo4jSettings;
import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.spi.ConnectorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Neo4jSettingsTest {
    private static final String SECRET = "Very-Secret-Pw-1";

    private static Neo4jSettings settings(Object... keysAndValues) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Neo4jSettings.from(ConnectorConfig.of(config));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bolt://localhost:7687", "BOLT://db.example.com", "bolt+s://db.example.com:7687",
        "bolt+ssc://10.0.0.1:7687", "neo4j://cluster.example.com", "neo4j+s://x.databases.neo4j.io",
        "neo4j+ssc://h:7687", "neo4j://h:7687?region=eu", "bolt://[::1]:7687/"})
    void acceptsEveryDriverScheme(String uri) {
        assertThat(settings("uri", uri).uri().getScheme()).isIn(Neo4jSettings.SCHEMES);
    }

    @Test
    void appliesDefaultsAndReadsOptionalKeys() {
        Neo4jSettings defaults = settings("uri", "bolt://h");
        Neo4jSettings tuned = settings("uri", "bolt://h:7999", "user", "reader", "password", SECRET, "database", "sales",
                "connection_timeout_seconds", 5, "query_timeout_seconds", "120");

        assertThat(defaults.database()).isEqualTo("neo4j");
        assertThat(defaults.user()).isEmpty();
        assertThat(defaults.connectionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.transactionTimeout()).isEmpty();
        assertThat(defaults.address()).isEqualTo("h:7687");
        assertThat(tuned.user()).contains("reader");
        assertThat(tuned.database()).isEqualTo("sales");
        assertThat(tuned.transactionTimeout()).isEqualTo(Optional.of(Duration.ofSeconds(120)));
        assertThat(tuned.address()).isEqualTo("h:7999");
        assertThat(tuned.toString()).doesNotContain(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bolt://reader:" + SECRET + "@h:7687", "bolt://h :7687/" + SECRET, "h:7687",
        "http://h:7474", "bolt://h/neo4j", "bolt://h?x=" + SECRET, "bolt:///nohost", "bolt://h:99999", "bolt://:7687"})
    void rejectsMalformedUrisWithoutQuotingThem(String uri) {
        assertThatThrownBy(() -> settings("uri", uri)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("connection_config.uri")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void rejectsMissingUriUnknownKeysAndUnpairedCredentials() {
        assertThatThrownBy(() -> settings("user", "u")).hasMessageContaining("connection_config.uri is required");
        assertThatThrownBy(() -> settings("uri", "bolt://h", "pasword", SECRET))
                .hasMessageContaining("unknown key(s) [pasword]").satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThatThrownBy(() -> settings("uri", "bolt://h", "user", "u"))
                .hasMessageContaining("connection_config.password is required");
        assertThatThrownBy(() -> settings("uri", "bolt://h", "connection_timeout_seconds", 0))
                .hasMessageContaining("connection_timeout_seconds");
        assertThatThrownBy(() -> settings("uri", "bolt://h", "query_timeout_seconds", -1))
                .hasMessageContaining("query_timeout_seconds");
        assertThatThrownBy(() -> settings("uri", "bolt://h", "database", " "))
                .hasMessageContaining("connection_config.database");
    }

    @Test
    void theProviderIsDiscoveredAndDeclaresThePasswordSecret() {
        assertThat(java.util.ServiceLoader.load(com.qanatix.core.spi.ConnectorProvider.class).stream()
                .map(p -> p.get().connectorType())).contains("neo4j");
        assertThat(new Neo4jConnectorProvider().secretConfigKeys()).containsExactly("password");
        assertThat(new Neo4jConnectorProvider().nonSecretConfigKeys()).doesNotContain("password");
    }
}
