package com.qanatix.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens made by Python's {@code cryptography} Fernet and MultiFernet ({@code python-interop.json}). */
class PythonInteropVectorsTest {

    private static final JsonNode INTEROP = Fixtures.read("python-interop.json");

    static List<JsonNode> decrypt() {
        return Fixtures.elements(INTEROP.get("decrypt"));
    }

    static List<JsonNode> multi() {
        return Fixtures.elements(INTEROP.get("multi"));
    }

    static Stream<Arguments> reject() {
        return Fixtures.elements(INTEROP.get("reject")).stream()
                .map(vector -> Arguments.of(vector.get("desc").asText(), vector));
    }

    static List<JsonNode> ttl() {
        return Fixtures.elements(INTEROP.get("ttl"));
    }

    @Test
    void fixtureHoldsEveryKindOfCase() {
        assertThat(INTEROP.get("made_with").asText()).contains("cryptography");
        assertThat(decrypt()).hasSize(10);
        assertThat(multi()).hasSize(4);
        assertThat(reject()).hasSize(7);
        assertThat(ttl()).hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("decrypt")
    void pythonFernetTokenDecryptsToItsPlaintextAndTimestamp(JsonNode vector) {
        FernetCipher cipher = new FernetCipher(FernetKey.fromString(vector.get("key").asText()));
        String token = vector.get("token").asText();

        assertThat(cipher.decrypt(token)).isEqualTo(Fixtures.urlBase64(vector.get("plaintext_b64")));
        assertThat(cipher.extractTimestamp(token)).isEqualTo(vector.get("timestamp").asLong());
    }

    /**
     * What Python's {@code cryptography} accepts besides its own output (checked against it: the
     * standard base64 alphabet, extra padding) decrypts here too, and what it rejects (a token or key
     * without its padding) is rejected here too, so a token moves between the two untouched.
     */
    @ParameterizedTest
    @MethodSource("decrypt")
    void whatPythonAcceptsAndRejectsInKeysAndTokensIsAcceptedAndRejectedAlike(JsonNode vector) {
        String key = vector.get("key").asText();
        String token = vector.get("token").asText();
        byte[] plaintext = Fixtures.urlBase64(vector.get("plaintext_b64"));
        String standardKey = key.replace('-', '+').replace('_', '/');
        String standardToken = token.replace('-', '+').replace('_', '/');

        FernetCipher cipher = new FernetCipher(FernetKey.fromString(standardKey + "="));
        assertThat(cipher.decrypt(standardToken + "=")).isEqualTo(plaintext);
        assertThat(cipher.decrypt(token + "==")).isEqualTo(plaintext);
        assertThatThrownBy(() -> FernetKey.fromString(key.replace("=", ""))).isInstanceOf(KeyConfigurationException.class);
        if (token.endsWith("=")) {
            assertThatThrownBy(() -> cipher.decrypt(token.replace("=", ""))).isInstanceOf(InvalidTokenException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("multi")
    void pythonMultiFernetTokenDecryptsWithTheKeyList(JsonNode vector) {
        MultiFernet multi = multiFernet(vector);
        byte[] plaintext = Fixtures.urlBase64(vector.get("plaintext_b64"));

        assertThat(multi.decrypt(vector.get("token").asText())).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @MethodSource("multi")
    void rotatedPythonTokenDecryptsWithThePrimaryKeyAloneAndKeepsItsTimestamp(JsonNode vector) {
        MultiFernet multi = multiFernet(vector);
        String token = vector.get("token").asText();
        byte[] plaintext = Fixtures.urlBase64(vector.get("plaintext_b64"));

        String rotated = multi.rotate(token);

        FernetCipher primaryOnly = new FernetCipher(multi.primaryKey());
        assertThatThrownBy(() -> primaryOnly.decrypt(token)).as("the fixture token is not under the primary key")
                .isInstanceOf(InvalidTokenException.class);
        assertThat(primaryOnly.decrypt(rotated)).isEqualTo(plaintext);
        assertThat(primaryOnly.extractTimestamp(rotated)).isEqualTo(multi.extractTimestamp(token));
        assertThat(rotated).isNotEqualTo(token);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reject")
    void pythonRejectedTokenIsRejected(String desc, JsonNode vector) {
        FernetKey key = FernetKey.fromString(vector.get("key").asText());
        String token = vector.get("token").asText();

        assertThatThrownBy(() -> new FernetCipher(key).decrypt(token)).as(desc)
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> new FernetCipher(key).extractTimestamp(token)).as(desc)
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> MultiFernet.of(key, FernetKey.generate()).rotate(token)).as(desc)
                .isInstanceOf(InvalidTokenException.class);
    }

    @ParameterizedTest
    @MethodSource("ttl")
    void pythonTokenIsValidUntilTheTtlHasPassedAndExpiredAfter(JsonNode vector) {
        FernetKey key = FernetKey.fromString(vector.get("key").asText());
        String token = vector.get("token").asText();
        long created = vector.get("created").asLong();
        Duration ttl = Duration.ofSeconds(vector.get("ttl_sec").asLong());
        Instant validAt = Instant.ofEpochSecond(vector.get("valid_at").asLong());
        Instant expiredAt = Instant.ofEpochSecond(vector.get("expired_at").asLong());
        FernetCipher cipher = new FernetCipher(key);

        assertThat(cipher.extractTimestamp(token)).isEqualTo(created);
        assertThat(cipher.decrypt(token, ttl, validAt)).isNotNull();
        // Python: expired only when timestamp + ttl < now, so exactly created + ttl is still valid
        assertThat(cipher.decrypt(token, ttl, Instant.ofEpochSecond(created).plus(ttl))).isNotNull();
        assertThatThrownBy(() -> cipher.decrypt(token, ttl, expiredAt))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> new FernetCipher(key, Fixtures.clockAt(expiredAt.getEpochSecond())).decrypt(token, ttl))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
        assertThat(new FernetCipher(key, Fixtures.clockAt(validAt.getEpochSecond())).decrypt(token, ttl)).isNotNull();
        // without a ttl the age does not matter
        assertThat(new FernetCipher(key, Fixtures.clockAt(expiredAt.getEpochSecond() + 86_400)).decrypt(token))
                .isNotNull();
    }

    private static MultiFernet multiFernet(JsonNode vector) {
        List<FernetKey> keys = new ArrayList<>();
        vector.get("keys").forEach(key -> keys.add(FernetKey.fromString(key.asText())));
        return MultiFernet.of(keys);
    }
}
