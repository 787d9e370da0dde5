package com.qanatix.spring.boot;

import com.qanatix.core.spi.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidConfigFailureAnalyzerTest {
    @Test
    void aStartupThatFailedOnQanatixConfigurationIsReportedWithWhatToSet() {
        InvalidConfigException cause = new InvalidConfigException("no encryption key for connector credentials: "
                + "set the property qanatix.encryption-keys");
        FailureAnalysis analysis = new InvalidConfigFailureAnalyzer()
                .analyze(new BeanCreationException("qanatixCipher", "failed", cause));

        assertThat(analysis.getDescription()).isEqualTo("Qanatix could not start: " + cause.getMessage());
        assertThat(analysis.getAction()).contains("qanatix.* properties");
        assertThat(analysis.getCause()).isSameAs(cause);
    }
}
