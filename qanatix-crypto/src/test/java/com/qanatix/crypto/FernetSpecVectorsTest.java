package com.qanatix.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Fernet specification's own vectors: generate.json, verify.json, invalid.json. */
class FernetSpecVectorsTest {

    @TestFactory
    List<DynamicTest> generatesByteExactTokensFromAGivenIvAndTime() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : Vectors.read("generate.json")) {
            tests.add(DynamicTest.dynamicTest(v.get("src").textValue(), () -> {
                byte[] iv = new byte[16];
                for (int i = 0; i < 16; i++) {
                    iv[i] = (byte) v.get("iv").get(i).intValue();
                }
                FernetCipher cipher = new FernetCipher(FernetKey.fromString(v.get("secret").textValue()));
                String token = cipher.encrypt(v.get("src").textValue().getBytes(StandardCharsets.UTF_8),
                        Vectors.time(v.get("now")).getEpochSecond(), iv);
                assertThat(token).isEqualTo(v.get("token").textValue());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> verifiesTokensWithinTheirTtl() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : Vectors.read("verify.json")) {
            tests.add(DynamicTest.dynamicTest(v.get("src").textValue(), () -> {
                FernetCipher cipher = new FernetCipher(FernetKey.fromString(v.get("secret").textValue()),
                        Vectors.clockAt(Vectors.time(v.get("now"))));
                byte[] plain = cipher.decrypt(v.get("token").textValue(), Duration.ofSeconds(v.get("ttl_sec").longValue()));
                assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(v.get("src").textValue());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> rejectsEveryInvalidToken() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : Vectors.read("invalid.json")) {
            tests.add(DynamicTest.dynamicTest(v.get("desc").textValue(), () -> {
                FernetCipher cipher = new FernetCipher(FernetKey.fromString(v.get("secret").textValue()),
                        Vectors.clockAt(Vectors.time(v.get("now"))));
                assertThatThrownBy(() -> cipher.decrypt(v.get("token").textValue(),
                        Duration.ofSeconds(v.get("ttl_sec").longValue())))
                        .isInstanceOf(InvalidTokenException.class)
                        .hasMessageNotContaining(v.get("secret").textValue());
            }));
        }
        return tests;
    }
}
