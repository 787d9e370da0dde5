package com.qanatix.examples.demo;

import com.qanatix.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same demo pointed at real servers with {@code --target} and {@code QANATIX_DEMO_URL}: the
 * local PostgreSQL and MariaDB the build starts (or those named by {@code QANATIX_TEST_PG_URL} /
 * {@code QANATIX_TEST_MYSQL_URL}), each in a database of its own.
 */
class DemoOnServersTest {

    @Test
    void runsOnPostgresqlThroughTheDsnConfig() {
        try (TestDatabase db = TestDatabase.postgres()) {
            assertDemoWorks("postgresql", demoUrl("postgresql", db.jdbcUrl()));
        }
    }

    @Test
    void runsOnMysqlThroughTheHostPortUserPasswordDatabaseConfig() {
        try (TestDatabase db = TestDatabase.mysql()) {
            assertDemoWorks("mysql", demoUrl("mysql", db.jdbcUrl()));
        }
    }

    private static void assertDemoWorks(String target, String url) {
        DemoOutput demo = DemoOutput.run(Map.of("QANATIX_DEMO_URL", url), "--target", target, "--rows", "300");

        assertThat(demo.status).as(demo.text).isZero();
        assertThat(demo.results()).as(demo.text).hasSize(4);
        assertThat(demo.results().get(2)).startsWith("{\"status\":\"completed\",\"records_pulled\":4,"
                + "\"records_ingested\":0,\"duplicates_skipped\":4,");
        assertThat(demo.text).contains("connector type '" + target + "'").contains("\"connection_config\":\"***REDACTED***\"");
    }

    /** {@code jdbc:postgresql://host:port/db?user=u&password=p} to {@code postgresql://u:p@host:port/db}. */
    private static String demoUrl(String scheme, String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        String user = params.getOrDefault("user", "");
        String password = params.getOrDefault("password", "");
        String userInfo = user.isEmpty() ? "" : user + (password.isEmpty() ? "" : ":" + password) + "@";
        return scheme + "://" + userInfo + uri.getHost() + ":" + uri.getPort() + uri.getPath();
    }
}
