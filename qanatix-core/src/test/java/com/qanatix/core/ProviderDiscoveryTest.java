package com.qanatix.core;

import com.qanatix.core.spi.ConnectorConfig;
import com.qanatix.core.spi.ConnectorProvider;
import com.qanatix.core.spi.InvalidConfigException;
import com.qanatix.core.spi.PullContext;
import com.qanatix.core.spi.QanatixException;
import com.qanatix.core.spi.RecordSource;
import com.qanatix.core.spi.SourceException;
import com.qanatix.core.testing.ListSourceProvider;
import com.qanatix.crypto.FernetKey;
import com.qanatix.crypto.MultiFernet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProviderDiscoveryTest {

    private static Qanatix.Builder builder() {
        return Qanatix.builder().cipher(MultiFernet.of(FernetKey.generate())).sink(new CollectingSink());
    }

    @Test
    void providersAreFoundWithServiceLoader() {
        try (Qanatix qx = builder().build()) {
            assertThat(qx.connectorTypes()).contains(ListSourceProvider.TYPE);
        }
    }

    @Test
    void theSameProviderRegisteredExplicitlyAndDiscoveredCountsOnce() {
        try (Qanatix qx = builder().provider(new ListSourceProvider()).build()) {
            assertThat(qx.connectorTypes()).containsOnlyOnce(ListSourceProvider.TYPE);
        }
    }

    @Test
    void twoProvidersClaimingOneTypeFailAtBuildTimeNamingBoth() {
        assertThatThrownBy(() -> builder().provider(new Impostor()).build())
                .isInstanceOf(QanatixException.class)
                .hasMessageContaining(ListSourceProvider.class.getName())
                .hasMessageContaining(Impostor.class.getName());
    }

    @Test
    void discoveryCanBeTurnedOff() {
        try (Qanatix qx = builder().discoverProviders(false).provider(new Impostor()).build()) {
            assertThat(qx.connectorTypes()).containsExactly(ListSourceProvider.TYPE);
        }
    }

    @Test
    void withoutAKeyTheSdkRefusesToStoreCredentials() {
        assumeTrue(System.getenv(Qanatix.KEY_VARIABLE) == null,
                Qanatix.KEY_VARIABLE + " is set in this environment, so the refusal cannot be observed");
        assertThatThrownBy(() -> Qanatix.builder().sink(new CollectingSink()).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(Qanatix.KEY_VARIABLE)
                .hasMessageContaining("ephemeralDevKey");
        try (Qanatix qx = Qanatix.builder().sink(new CollectingSink()).ephemeralDevKey().build()) {
            assertThat(qx.connectorTypes()).isNotEmpty();
        }
    }

    /** A second provider that claims {@code test-list}. */
    public static final class Impostor implements ConnectorProvider {
        @Override
        public String connectorType() {
            return ListSourceProvider.TYPE;
        }

        @Override
        public void validate(ConnectorConfig config, String query) {
        }

        @Override
        public RecordSource open(PullContext context) {
            throw new SourceException("impostor");
        }
    }
}
