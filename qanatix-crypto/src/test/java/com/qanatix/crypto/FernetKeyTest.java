package com.qanatix.crypto;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FernetKeyTest {
    private static final String PYTHON_KEY = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";

    @Test
    void readsKeysAsPythonWritesThemPaddedOrNot() {
        FernetKey padded = FernetKey.fromString(PYTHON_KEY);
        FernetKey unpadded = FernetKey.fromString(PYTHON_KEY.substring(0, PYTHON_KEY.length() - 1));
        assertThat(padded).isEqualTo(unpadded);
        assertThat(padded.encoded()).isEqualTo(PYTHON_KEY);
        assertThat(FernetKey.fromString("  " + PYTHON_KEY + "\n")).isEqualTo(padded);
    }

    @Test
    void generatedKeysAre32RandomBytesInPythonsForm() {
        FernetKey a = FernetKey.generate();
        assertThat(a.encoded()).hasSize(44).endsWith("=").matches("[A-Za-z0-9_=-]+");
        assertThat(FernetKey.fromString(a.encoded())).isEqualTo(a);
        assertThat(a).isNotEqualTo(FernetKey.generate());
    }

    @Test
    void toStringNeverPrintsKeyMaterial() {
        assertThat(FernetKey.fromString(PYTHON_KEY).toString()).doesNotContain("cw_0x").isEqualTo("FernetKey[***]");
    }

    @Test
    void badKeysGetClearErrorsThatNeverEchoTheKey() {
        assertThatThrownBy(() -> FernetKey.fromString("")).isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> FernetKey.fromString("not+base64/url!!"))
                .isInstanceOf(KeyConfigurationException.class).hasMessageContaining("base64")
                .hasMessageNotContaining("not+base64");
        assertThatThrownBy(() -> FernetKey.fromString("c2hvcnQta2V5"))
                .isInstanceOf(KeyConfigurationException.class).hasMessageContaining("32 bytes")
                .hasMessageNotContaining("c2hvcnQta2V5");
    }

    @Test
    void theEnvironmentVariableIsRequiredAndEveryKeyInItChecked() {
        String good = FernetKey.generate().encoded();
        assertThatThrownBy(() -> MultiFernet.fromEnvironment(Map.of()))
                .isInstanceOf(KeyConfigurationException.class).hasMessageContaining("CONNECTOR_ENCRYPTION_KEY is not set");
        assertThatThrownBy(() -> MultiFernet.fromEnvironment(Map.of("CONNECTOR_ENCRYPTION_KEY", "  ")))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> MultiFernet.fromKeyList(good + ",Zm9vYmFy-secret-ish," + good))
                .isInstanceOf(KeyConfigurationException.class).hasMessageContaining("key #2 of 3")
                .hasMessageNotContaining("Zm9vYmFy").hasMessageNotContaining(good);
        assertThatThrownBy(() -> MultiFernet.fromKeyList(good + ",")).hasMessageContaining("key #2 of 2");

        FernetKey second = FernetKey.generate();
        MultiFernet multi = MultiFernet.fromEnvironment(Map.of("CONNECTOR_ENCRYPTION_KEY",
                " " + good + " , " + second.encoded() + " "));
        assertThat(multi.keyCount()).isEqualTo(2);
        assertThat(multi.primaryKey()).isEqualTo(FernetKey.fromString(good));
    }
}
