package com.qanatix.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other direction: tokens made here are checked by Python's {@code cryptography} in an
 * external process (and Python makes fresh tokens for Java). Uses the first of
 * {@code $QANATIX_PYTHON}, {@code python3}, {@code /usr/bin/python3} that can
 * {@code import cryptography}; skipped, with a message saying so, when there is none.
 */
class PythonCryptographyRoundTripTest {

    private static final String ORACLE = "/interop/fernet_oracle.py";
    private static String python;
    private static final List<String> TRIED = new ArrayList<>();
    private static Path oracle;

    @BeforeAll
    static void findPython(@TempDir Path dir) throws IOException {
        Set<String> candidates = new LinkedHashSet<>();
        String configured = System.getenv("QANATIX_PYTHON");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured.strip());
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String candidate : candidates) {
            TRIED.add(candidate);
            if (importsCryptography(candidate)) {
                python = candidate;
                break;
            }
        }
        oracle = dir.resolve("fernet_oracle.py");
        try (InputStream in = PythonCryptographyRoundTripTest.class.getResourceAsStream(ORACLE)) {
            Files.copy(in, oracle);
        }
    }

    /** Per test rather than in {@code @BeforeAll}, so that every test is reported as skipped. */
    @BeforeEach
    void requirePython() {
        assumeTrue(python != null, "no Python with the 'cryptography' package found (tried " + TRIED
                + "): install python3-cryptography (apt) to run this interop test, or point QANATIX_PYTHON"
                + " at a python that has it");
    }

    @Test
    void pythonDecryptsJavaTokensToTheSamePlaintextAndTimestamp() {
        FernetKey key = FernetKey.generate();
        FernetCipher cipher = new FernetCipher(key);
        List<byte[]> plaintexts = List.of(new byte[0], utf8("hello"), utf8("pässwörd ✓ 鍵"),
                new byte[16], randomBytes(1000, 7));
        ArrayNode ops = Fixtures.json().createArrayNode();
        List<String> tokens = new ArrayList<>();
        for (byte[] plaintext : plaintexts) {
            String token = cipher.encrypt(plaintext);
            tokens.add(token);
            ops.add(decryptOp(key, token));
        }

        JsonNode results = askPython(ops);

        for (int i = 0; i < plaintexts.size(); i++) {
            JsonNode result = results.get(i);
            assertThat(result.get("ok").asBoolean()).as("python decrypts token #%d", i).isTrue();
            assertThat(Fixtures.urlBase64(result.get("plaintext_b64"))).isEqualTo(plaintexts.get(i));
            assertThat(result.get("timestamp").asLong()).isEqualTo(cipher.extractTimestamp(tokens.get(i)));
        }
    }

    @Test
    void pythonDecryptsATokenRotatedByJavaWithThePrimaryKeyAloneAndSeesTheOriginalTimestamp() {
        FernetKey oldKey = FernetKey.generate();
        FernetKey newKey = FernetKey.generate();
        long created = Instant.now().getEpochSecond() - 3_600;
        String oldToken = new FernetCipher(oldKey, Fixtures.clockAt(created)).encrypt("dsn-password");
        String rotated = MultiFernet.of(newKey, oldKey).rotate(oldToken);
        ArrayNode ops = Fixtures.json().createArrayNode();
        ops.add(decryptOp(newKey, rotated));
        ops.add(decryptOp(oldKey, rotated));
        ops.add(multiDecryptOp(rotated, newKey, oldKey));

        JsonNode results = askPython(ops);

        assertThat(results.get(0).get("ok").asBoolean()).isTrue();
        assertThat(Fixtures.urlBase64(results.get(0).get("plaintext_b64"))).isEqualTo(utf8("dsn-password"));
        assertThat(results.get(0).get("timestamp").asLong()).isEqualTo(created);
        assertThat(results.get(1).get("error").asText()).isEqualTo("InvalidToken");
        assertThat(Fixtures.urlBase64(results.get(2).get("plaintext_b64"))).isEqualTo(utf8("dsn-password"));
    }

    @Test
    void pythonRejectsAJavaTokenOlderThanTheTtlOrTooFarInTheFuture() {
        FernetKey key = FernetKey.generate();
        long now = Instant.now().getEpochSecond();
        String hourOld = new FernetCipher(key, Fixtures.clockAt(now - 3_600)).encrypt("x");
        String hourAhead = new FernetCipher(key, Fixtures.clockAt(now + 3_600)).encrypt("x");
        ArrayNode ops = Fixtures.json().createArrayNode();
        ops.add(decryptOp(key, hourOld).put("ttl", 60));
        ops.add(decryptOp(key, hourOld).put("ttl", 7_200));
        ops.add(decryptOp(key, hourOld).put("ttl", 60).put("now", now - 3_600 + 60));
        ops.add(decryptOp(key, hourOld).put("ttl", 60).put("now", now - 3_600 + 61));
        ops.add(decryptOp(key, hourAhead).put("ttl", 86_400));
        ops.add(decryptOp(key, hourAhead));

        JsonNode results = askPython(ops);

        assertThat(results.get(0).get("error").asText()).as("expired under ttl=60").isEqualTo("InvalidToken");
        assertThat(results.get(1).get("ok").asBoolean()).as("valid under ttl=7200").isTrue();
        assertThat(results.get(2).get("ok").asBoolean()).as("valid at created + ttl").isTrue();
        assertThat(results.get(3).get("error").asText()).as("expired at created + ttl + 1").isEqualTo("InvalidToken");
        assertThat(results.get(4).get("error").asText()).as("future beyond skew").isEqualTo("InvalidToken");
        assertThat(results.get(5).get("ok").asBoolean()).as("no ttl, no time check").isTrue();
        // and Java agrees on every one of them
        FernetCipher java = new FernetCipher(key, Fixtures.clockAt(now));
        assertThat(accepts(() -> java.decrypt(hourOld, Duration.ofSeconds(60)))).isFalse();
        assertThat(accepts(() -> java.decrypt(hourOld, Duration.ofSeconds(7_200)))).isTrue();
        assertThat(accepts(() -> java.decrypt(hourOld, Duration.ofSeconds(60), Instant.ofEpochSecond(now - 3_600 + 60)))).isTrue();
        assertThat(accepts(() -> java.decrypt(hourOld, Duration.ofSeconds(60), Instant.ofEpochSecond(now - 3_600 + 61)))).isFalse();
        assertThat(accepts(() -> java.decrypt(hourAhead, Duration.ofSeconds(86_400)))).isFalse();
        assertThat(accepts(() -> java.decrypt(hourAhead))).isTrue();
    }

    @Test
    void pythonRejectsTamperedJavaTokensLikeJavaDoes() {
        FernetKey key = FernetKey.generate();
        String token = new FernetCipher(key).encrypt("secret");
        byte[] data = Base64.getUrlDecoder().decode(token);
        ArrayNode ops = Fixtures.json().createArrayNode();
        for (int i = 0; i < data.length; i += 3) {
            byte[] tampered = data.clone();
            tampered[i] ^= (byte) (1 << (i % 8));
            ops.add(decryptOp(key, Base64.getUrlEncoder().encodeToString(tampered)));
        }
        ops.add(decryptOp(FernetKey.generate(), token));

        JsonNode results = askPython(ops);

        for (JsonNode result : results) {
            assertThat(result.get("error").asText()).isEqualTo("InvalidToken");
        }
    }

    @Test
    void javaDecryptsFreshPythonTokensAndTokensPythonRotated() {
        byte[] plaintext = utf8("{\"password\":\"hunter2\"}");
        FernetKey javaKey = FernetKey.generate();
        FernetKey primary = FernetKey.generate();
        long created = Instant.now().getEpochSecond() - 600;
        String javaToken = new FernetCipher(javaKey, Fixtures.clockAt(created)).encrypt(plaintext);
        ArrayNode ops = Fixtures.json().createArrayNode();
        ops.addObject().put("op", "generate").put("plaintext_b64", Base64.getUrlEncoder().encodeToString(plaintext));
        ObjectNode rotate = ops.addObject().put("op", "rotate").put("token", javaToken);
        rotate.putArray("keys").add(primary.encoded()).add(javaKey.encoded());

        JsonNode results = askPython(ops);

        JsonNode generated = results.get(0);
        assertThat(new FernetCipher(FernetKey.fromString(generated.get("key").asText()))
                .decrypt(generated.get("token").asText())).isEqualTo(plaintext);
        String rotatedByPython = results.get(1).get("token").asText();
        FernetCipher primaryOnly = new FernetCipher(primary);
        assertThat(primaryOnly.decrypt(rotatedByPython)).isEqualTo(plaintext);
        assertThat(primaryOnly.extractTimestamp(rotatedByPython)).isEqualTo(created);
    }

    // ------------------------------------------------------------------ helpers

    private static ObjectNode decryptOp(FernetKey key, String token) {
        return Fixtures.json().createObjectNode().put("op", "decrypt").put("key", key.encoded()).put("token", token);
    }

    private static ObjectNode multiDecryptOp(String token, FernetKey... keys) {
        ObjectNode op = Fixtures.json().createObjectNode().put("op", "multi_decrypt").put("token", token);
        ArrayNode list = op.putArray("keys");
        for (FernetKey key : keys) {
            list.add(key.encoded());
        }
        return op;
    }

    private static boolean accepts(Runnable decryption) {
        try {
            decryption.run();
            return true;
        } catch (InvalidTokenException e) {
            return false;
        }
    }

    private static JsonNode askPython(ArrayNode ops) {
        try {
            Process process = new ProcessBuilder(python, oracle.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(Fixtures.json().writeValueAsBytes(ops));
            }
            byte[] stdout;
            try (InputStream in = process.getInputStream()) {
                stdout = in.readAllBytes();
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(python + " did not finish within 60 s");
            }
            assertThat(process.exitValue()).as("exit code of %s %s", python, ORACLE).isZero();
            JsonNode answer = Fixtures.json().readTree(stdout);
            System.out.println("checked by " + python + " with cryptography " + answer.get("cryptography").asText());
            JsonNode results = answer.get("results");
            assertThat(results).hasSize(ops.size());
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static boolean importsCryptography(String candidate) {
        try {
            Process process = new ProcessBuilder(candidate, "-c", "import cryptography.fernet")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false; // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
