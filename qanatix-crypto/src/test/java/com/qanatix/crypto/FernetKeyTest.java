package com.qanatix.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FernetKeyTest {

    /** Written by Python's Fernet.generate_key() (from python-interop.json). */
    private static final String PYTHON_KEY = "nNlG0taEGL3bvuzC_nlEyKG1oeq0IGneGgFpxIyVHn8=";

    @Test
    void generatedKeysAre32RandomBytesWrittenAs44PaddedBase64UrlCharacters() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String encoded = FernetKey.generate().encoded();
            assertThat(encoded).hasSize(44).endsWith("=").matches("[A-Za-z0-9_-]{43}=");
            assertThat(Base64.getUrlDecoder().decode(encoded)).hasSize(32);
            seen.add(encoded);
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void aKeyWrittenByPythonReadsAndWritesBackUnchanged() {
        assertThat(FernetKey.fromString(PYTHON_KEY).encoded()).isEqualTo(PYTHON_KEY);
    }

    @Test
    void keysAreReadAsPythonReadsThemWithExtraPaddingAndWhitespaceButNotWithoutPadding() {
        FernetKey key = FernetKey.fromString(PYTHON_KEY);

        assertThat(FernetKey.fromString(PYTHON_KEY + "==")).isEqualTo(key);
        assertThat(FernetKey.fromString("  " + PYTHON_KEY + "\n")).isEqualTo(key);
        assertThatThrownBy(() -> FernetKey.fromString(PYTHON_KEY.replace("=", "")))
                .isInstanceOf(KeyConfigurationException.class).hasMessageContaining("padding");
    }

    @Test
    void theStandardBase64AlphabetIsAcceptedLikePythonDoes() {
        FernetKey key = FernetKey.fromString("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=");

        assertThat(FernetKey.fromString("cw/0x689RpI+jtRR7oE8h/eQsKImvJapLeSbXpwF4e4=")).isEqualTo(key);
    }

    @Test
    void fromBytesAndEncodedRoundTrip() {
        byte[] raw = new byte[32];
        raw[0] = 1;
        FernetKey key = FernetKey.fromBytes(raw);
        raw[0] = 2; // the key keeps its own copy

        assertThat(Base64.getUrlDecoder().decode(key.encoded())[0]).isEqualTo((byte) 1);
        assertThatThrownBy(() -> FernetKey.fromBytes(new byte[16])).isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void aKeyOfTheWrongLengthIsRejectedWithoutQuotingIt() {
        String shortKey = Base64.getUrlEncoder().encodeToString(new byte[31]);
        String longKey = Base64.getUrlEncoder().encodeToString(new byte[33]);

        assertThatThrownBy(() -> FernetKey.fromString(shortKey)).isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("31 bytes").hasMessageContaining("exactly 32 bytes")
                .hasMessageContaining("Fernet.generate_key()").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> FernetKey.fromString(longKey)).isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("33 bytes").hasMessageNotContaining(longKey);
    }

    @Test
    void aKeyThatIsNotBase64UrlIsRejectedWithoutQuotingIt() {
        String bad = "this is not a key, it's a passphrase";

        assertThatThrownBy(() -> FernetKey.fromString(bad)).isInstanceOf(KeyConfigurationException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid base64url").hasMessageContaining("FernetKey.generate().encoded()")
                .hasMessageNotContaining("passphrase").hasNoCause();
        assertThatThrownBy(() -> FernetKey.fromString("   ")).isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("empty");
        assertThatNullPointerException().isThrownBy(() -> FernetKey.fromString(null)).withMessage("encoded is null");
    }

    @Test
    void toStringNeverShowsKeyMaterial() {
        FernetKey key = FernetKey.fromString(PYTHON_KEY);

        assertThat(key.toString()).isEqualTo("FernetKey[***]");
        assertThat(String.valueOf(key)).doesNotContain(PYTHON_KEY.substring(0, 8));
    }

    @Test
    void keysWithTheSameBytesAreEqualWithEqualHashCodes() {
        FernetKey a = FernetKey.fromString(PYTHON_KEY);
        FernetKey b = FernetKey.fromString(PYTHON_KEY + "=");
        FernetKey other = FernetKey.generate();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(other).isNotEqualTo(PYTHON_KEY);
    }
}
