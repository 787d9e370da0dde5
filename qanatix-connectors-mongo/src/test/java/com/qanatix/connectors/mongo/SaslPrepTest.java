package com.qanatix.connectors.mongo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The examples of RFC 4013, section 3, for stored strings. */
class SaslPrepTest {
    @Test
    void theRfc4013ExamplesMapAsTheRfcSays() {
        assertThat(SaslPrep.prepareStored("I\u00ADX")).isEqualTo("IX");
        assertThat(SaslPrep.prepareStored("user")).isEqualTo("user");
        assertThat(SaslPrep.prepareStored("USER")).isEqualTo("USER");
        assertThat(SaslPrep.prepareStored("\u00AA")).isEqualTo("a");
        assertThat(SaslPrep.prepareStored("\u2168")).isEqualTo("IX");
        assertThat(SaslPrep.prepareStored("a\u00A0b")).isEqualTo("a b");
    }

    @Test
    void prohibitedAndBidirectionallyMixedInputIsRefused() {
        assertThatThrownBy(() -> SaslPrep.prepareStored("\u0007")).hasMessageContaining("prohibited");
        assertThatThrownBy(() -> SaslPrep.prepareStored("\u0627\u0031")).hasMessageContaining("right-to-left");
        assertThat(SaslPrep.prepareStored("\u0627\u0031\u0628")).isEqualTo("\u0627\u0031\u0628");
    }
}
