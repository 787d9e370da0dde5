package com.qanatix.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens made by Python's cryptography Fernet and MultiFernet (python-interop.json). */
class PythonInteropVectorsTest {
    private static final JsonNode VECTORS = Vectors.read("python-interop.json");

    private static byte[] b64(JsonNode n) {
        return Base64.getUrlDecoder().decode(n.textValue());
    }

    @TestFactory
    List<DynamicTest> decryptsPythonTokensAndReadsTheirTimestamps() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : VECTORS.get("decrypt")) {
            tests.add(DynamicTest.dynamicTest("plaintext " + v.get("plaintext_b64").textValue(), () -> {
                FernetCipher cipher = new FernetCipher(FernetKey.fromString(v.get("key").textValue()));
                assertThat(cipher.decrypt(v.get("token").textValue())).isEqualTo(b64(v.get("plaintext_b64")));
                assertThat(cipher.extractTimestamp(v.get("token").textValue())).isEqualTo(v.get("timestamp").longValue());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> multiFernetDecryptsWithAnyKeyAndRotatesToThePrimaryKeepingTheTimestamp() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : VECTORS.get("multi")) {
            tests.add(DynamicTest.dynamicTest(v.get("token").textValue().substring(0, 16), () -> {
                List<FernetKey> keys = new ArrayList<>();
                v.get("keys").forEach(k -> keys.add(FernetKey.fromString(k.textValue())));
                MultiFernet multi = MultiFernet.of(keys);
                String token = v.get("token").textValue();
                assertThat(multi.decrypt(token)).isEqualTo(b64(v.get("plaintext_b64")));

                String rotated = multi.rotate(token);
                FernetCipher primaryOnly = new FernetCipher(keys.get(0));
                assertThat(primaryOnly.decrypt(rotated)).isEqualTo(b64(v.get("plaintext_b64")));
                long original = -1;
                for (FernetKey k : keys) {
                    try {
                        original = new FernetCipher(k).extractTimestamp(token);
                        break;
                    } catch (InvalidTokenException e) {
                        // another key made it
                    }
                }
                assertThat(primaryOnly.extractTimestamp(rotated)).isEqualTo(original);
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> rejectsWhatPythonRejects() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : VECTORS.get("reject")) {
            tests.add(DynamicTest.dynamicTest(v.get("desc").textValue(), () -> {
                FernetCipher cipher = new FernetCipher(FernetKey.fromString(v.get("key").textValue()));
                assertThatThrownBy(() -> cipher.decrypt(v.get("token").textValue()))
                        .isInstanceOf(InvalidTokenException.class);
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> honoursTheTtlAtItsBoundaries() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : VECTORS.get("ttl")) {
            tests.add(DynamicTest.dynamicTest("created " + v.get("created").longValue(), () -> {
                FernetCipher cipher = new FernetCipher(FernetKey.fromString(v.get("key").textValue()));
                Duration ttl = Duration.ofSeconds(v.get("ttl_sec").longValue());
                String token = v.get("token").textValue();
                assertThat(cipher.decrypt(token, ttl, Instant.ofEpochSecond(v.get("valid_at").longValue()))).isNotNull();
                assertThatThrownBy(() -> cipher.decrypt(token, ttl, Instant.ofEpochSecond(v.get("expired_at").longValue())))
                        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
                assertThat(cipher.extractTimestamp(token)).isEqualTo(v.get("created").longValue());
            }));
        }
        return tests;
    }
}
