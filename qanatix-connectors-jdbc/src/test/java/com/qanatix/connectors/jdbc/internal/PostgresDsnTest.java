package com.qanatix.connectors.jdbc.internal;

import com.qanatix.core.spi.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresDsnTest {
    private static JdbcTarget parse(String dsn) {
        return PostgresDsn.parse(dsn, Duration.ofHours(1), Duration.ofSeconds(10));
    }

    @Test
    void readsUserPasswordHostPortDatabaseAndParameters() {
        JdbcTarget t = parse("postgresql://loader:s3cret@db.example.com:6543/shop?sslmode=require"
                + "&connect_timeout=5&application_name=qanatix");
        assertThat(t.url()).isEqualTo("jdbc:postgresql://db.example.com:6543/shop");
        assertThat(t.properties()).containsEntry("user", "loader").containsEntry("password", "s3cret")
                .containsEntry("sslmode", "require").containsEntry("connectTimeout", "5")
                .containsEntry("ApplicationName", "qanatix");
        assertThat(t.connectTimeout()).as("libpq's connect_timeout bounds the login too").hasSeconds(5);
        assertThat(t.toString()).doesNotContain("s3cret");
    }

    @Test
    void connectsWithinTheDefaultTimeoutUnlessTheDsnSetsOne() {
        assertThat(parse("postgresql://u@h/db").connectTimeout()).hasSeconds(10);
        assertThat(parse("postgresql://u@h/db?connect_timeout=0").connectTimeout()).as("0: no limit, as in libpq")
                .isZero();
        assertThatThrownBy(() -> parse("postgresql://u@h/db?connect_timeout=99999999999"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("connect_timeout");
    }

    @Test
    void acceptsThePostgresSchemeDefaultPortAndDefaultDatabase() {
        JdbcTarget t = parse("postgres://u@localhost");
        assertThat(t.url()).isEqualTo("jdbc:postgresql://localhost:5432/u");
        assertThat(t.properties()).doesNotContainKey("password");
    }

    @Test
    void percentDecodesUserAndPasswordKeepingPlusSigns() {
        JdbcTarget t = parse("postgresql://us%40er:p%40ss%2Fw+rd%3A@h/db");
        assertThat(t.properties()).containsEntry("user", "us@er").containsEntry("password", "p@ss/w+rd:");
    }

    @Test
    void carriesSeveralHostsAndTargetSessionAttributes() {
        JdbcTarget t = parse("postgresql://u:p@h1:5432,h2:5433,[::1]/db?target_session_attrs=read-write");
        assertThat(t.url()).isEqualTo("jdbc:postgresql://h1:5432,h2:5433,[::1]:5432/db");
        assertThat(t.properties()).containsEntry("targetServerType", "primary");
    }

    @Test
    void rejectsMalformedDsnsWithoutEchoingThePassword() {
        for (String bad : List.of("mysql://u:Hunter2pw@h/db", "postgresql://u:Hunter2pw@/db",
                "postgresql://u:Hunter2pw@h:99999/db", "postgresql://u:Hunter2pw@h:port/db",
                "postgresql://u:Hunter2pw%zz@h/db", "postgresql://u:Hunter2pw@h/db?sslmode",
                "postgresql://u:Hunter2pw@h/db?connect_timeout=soon", "postgresql://u:Hunter2pw@h o/db")) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("connection_config.dsn").hasMessageNotContaining("Hunter2pw");
        }
    }
}
