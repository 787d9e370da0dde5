package com.qanatix.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The test vectors of the Fernet specification (github.com/fernet/spec). */
class FernetSpecVectorsTest {

    static List<JsonNode> generate() {
        return Fixtures.elements(Fixtures.read("generate.json"));
    }

    static List<JsonNode> verify() {
        return Fixtures.elements(Fixtures.read("verify.json"));
    }

    static Stream<Arguments> invalid() {
        return Fixtures.elements(Fixtures.read("invalid.json")).stream()
                .map(vector -> Arguments.of(vector.get("desc").asText(), vector));
    }

    @ParameterizedTest
    @MethodSource("generate")
    void encryptWithTheGivenTimeAndIvGivesTheSpecTokenByteForByte(JsonNode vector) {
        FernetCipher cipher = new FernetCipher(FernetKey.fromString(vector.get("secret").asText()));
        long now = Fixtures.instant(vector.get("now")).getEpochSecond();

        String token = cipher.encrypt(vector.get("src").asText().getBytes(StandardCharsets.UTF_8), now,
                Fixtures.bytes(vector.get("iv")));

        assertThat(token).isEqualTo(vector.get("token").asText());
        assertThat(cipher.extractTimestamp(token)).isEqualTo(now);
    }

    @ParameterizedTest
    @MethodSource("verify")
    void specTokenDecryptsWithinItsTtl(JsonNode vector) {
        FernetKey key = FernetKey.fromString(vector.get("secret").asText());
        Instant now = Fixtures.instant(vector.get("now"));
        Duration ttl = Duration.ofSeconds(vector.get("ttl_sec").asLong());
        String token = vector.get("token").asText();
        String src = vector.get("src").asText();

        assertThat(new FernetCipher(key).decrypt(token, ttl, now)).asString(StandardCharsets.UTF_8).isEqualTo(src);
        assertThat(new FernetCipher(key, Clock.fixed(now, ZoneOffset.UTC)).decryptToString(token, ttl)).isEqualTo(src);
        assertThat(MultiFernet.of(FernetKey.generate(), key).decrypt(token, ttl, now))
                .asString(StandardCharsets.UTF_8).isEqualTo(src);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void specInvalidTokenIsRejected(String desc, JsonNode vector) {
        FernetKey key = FernetKey.fromString(vector.get("secret").asText());
        Instant now = Fixtures.instant(vector.get("now"));
        Duration ttl = Duration.ofSeconds(vector.get("ttl_sec").asLong());
        String token = vector.get("token").asText();

        assertThatThrownBy(() -> new FernetCipher(key).decrypt(token, ttl, now))
                .as(desc)
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining(expectedReason(desc));
        assertThatThrownBy(() -> new FernetCipher(key, Clock.fixed(now, ZoneOffset.UTC)).decrypt(token, ttl))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> MultiFernet.of(FernetKey.generate(), key).decrypt(token, ttl, now))
                .isInstanceOf(InvalidTokenException.class);
    }

    /** The spec names why each token is invalid; the exception must give the same reason. */
    private static String expectedReason(String desc) {
        switch (desc) {
            case "incorrect mac":
                return "signature does not match";
            case "too short":
                return "too short";
            case "invalid base64":
                return "base64";
            case "far-future TS (unacceptable clock skew)":
                return "in the future";
            case "expired TTL":
                return "expired";
            default:
                return "Fernet token";
        }
    }
}
