package com.qanatix.crypto;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The other direction: tokens made here decrypt with Python's cryptography. Runs a Python that can
 * {@code import cryptography} ({@code QANATIX_PYTHON}, else {@code python3}, else
 * {@code /usr/bin/python3}); skipped, saying so, where none exists.
 */
class PythonDecryptsOurTokensTest {
    private static final String SCRIPT = """
            import sys, time
            from cryptography.fernet import Fernet, MultiFernet, InvalidToken
            for line in sys.stdin:
                kind, key, token, expected = line.strip().split(' ')
                f = Fernet(key.encode())
                if kind == 'plain':
                    ok = f.decrypt(token.encode()).hex() == expected
                elif kind == 'expired':
                    try:
                        f.decrypt(token.encode(), ttl=60); ok = False
                    except InvalidToken:
                        ok = True
                print('ok' if ok else 'FAIL ' + kind)
            """;

    private static Optional<String> python() {
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv("QANATIX_PYTHON");
        if (configured != null) {
            candidates.add(configured);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String candidate : candidates) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import cryptography.fernet").redirectErrorStream(true).start();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException e) {
                // not there; try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Test
    void pythonCryptographyDecryptsTokensMadeHere() throws Exception {
        Optional<String> python = python();
        assumeTrue(python.isPresent(), "no Python with the cryptography package: install python3-cryptography "
                + "(apt) or set QANATIX_PYTHON to run this interop test");

        FernetKey key = FernetKey.generate();
        FernetKey oldKey = FernetKey.generate();
        StringBuilder input = new StringBuilder();
        for (String plain : List.of("", "hello", "pässwörd ✓", "{\"dsn\": \"postgresql://u:p@h/db\"}", "x".repeat(5000))) {
            byte[] bytes = plain.getBytes(StandardCharsets.UTF_8);
            String hex = java.util.HexFormat.of().formatHex(bytes);
            input.append("plain ").append(key.encoded()).append(' ').append(new FernetCipher(key).encrypt(bytes))
                    .append(' ').append(hex.isEmpty() ? "-" : hex).append('\n');
            String rotated = MultiFernet.of(key, oldKey).rotate(new FernetCipher(oldKey).encrypt(bytes));
            input.append("plain ").append(key.encoded()).append(' ').append(rotated).append(' ')
                    .append(hex.isEmpty() ? "-" : hex).append('\n');
        }
        String old = new FernetCipher(key, Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC)).encrypt("x");
        input.append("expired ").append(key.encoded()).append(' ').append(old).append(" -\n");

        Process p = new ProcessBuilder(python.get(), "-c", SCRIPT.replace("== expected", "== (expected if expected != '-' else '')"))
                .redirectErrorStream(true).start();
        p.getOutputStream().write(input.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines().toList()).as(printed).hasSize(11).allMatch("ok"::equals);
        assertThat(p.exitValue()).isZero();
    }
}
