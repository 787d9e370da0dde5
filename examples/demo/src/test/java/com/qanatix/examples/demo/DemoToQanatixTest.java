package com.qanatix.examples.demo;

import com.qanatix.core.testing.IngestTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./demo.sh --sink qanatix --qanatix-url URL}, against the ingest test server on loopback. */
class DemoToQanatixTest {
    private static final String KEY = "qx_demo_test_key_0123456789";

    @TempDir
    Path out;

    @Test
    void sendsEveryPullToTheQanatixBatchEndpointWithTheKeyFromTheEnvironment() throws Exception {
        try (IngestTestServer server = new IngestTestServer(KEY)) {
            DemoOutput demo = DemoOutput.run(Map.of("QANATIX_API_KEY", KEY), "--rows", "500", "--out", out.toString(),
                    "--sink", "qanatix", "--qanatix-url", server.baseUrl());

            assertThat(demo.status).as(demo.text).isZero();
            assertThat(demo.text).contains("Done: every pull gave the expected result.")
                    .contains("Sent to QANATIX at " + server.baseUrl()).doesNotContain(KEY);
            assertThat(server.violations()).isEmpty();
            assertThat(server.stored()).hasSize(500 + 7 + 3);
            assertThat(server.received()).extracting(IngestTestServer.Received::path)
                    .contains("/api/v1/ingest/retail/product/batch");
        }
    }

    @Test
    void saysWhatIsMissingWithoutAKeyOrAUrl() {
        DemoOutput noUrl = DemoOutput.run(Map.of(), "--sink", "qanatix");
        assertThat(noUrl.status).isEqualTo(2);
        assertThat(noUrl.text).contains("--sink qanatix needs --qanatix-url URL");

        if (System.getenv("QANATIX_API_KEY") == null) {
            DemoOutput noKey = DemoOutput.run(Map.of(), "--rows", "10", "--out", out.toString(), "--sink", "qanatix",
                    "--qanatix-url", "http://127.0.0.1:9");
            assertThat(noKey.status).isEqualTo(1);
            assertThat(noKey.text).contains("QANATIX_API_KEY");
        }
    }
}
