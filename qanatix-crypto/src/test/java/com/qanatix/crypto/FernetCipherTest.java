package com.qanatix.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FernetCipherTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final FernetKey key = FernetKey.generate();
    private final FernetCipher cipher = new FernetCipher(key, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void roundTripsBytesAndText() {
        assertThat(cipher.decryptToString(cipher.encrypt("pässwörd ✓"))).isEqualTo("pässwörd ✓");
        assertThat(cipher.decrypt(cipher.encrypt(new byte[0]))).isEmpty();
        byte[] big = new byte[100_000];
        new java.util.Random(1).nextBytes(big);
        assertThat(cipher.decrypt(cipher.encrypt(big))).isEqualTo(big);
    }

    @Test
    void everyFlippedBitIsRejected() {
        String token = cipher.encrypt("secret");
        byte[] raw = Base64.getUrlDecoder().decode(token);
        for (int bit = 0; bit < raw.length * 8; bit++) {
            byte[] altered = raw.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            String bad = Base64.getUrlEncoder().encodeToString(altered);
            assertThatThrownBy(() -> cipher.decrypt(bad)).isInstanceOf(InvalidTokenException.class);
        }
    }

    @Test
    void truncatedMalformedAndWrongKeyTokensAreRejected() {
        String token = cipher.encrypt("secret");
        // Dropping only the '=' padding leaves every byte intact, which is accepted; cut into the data.
        int data = token.indexOf('=') < 0 ? token.length() : token.indexOf('=');
        for (int length = 0; length < data; length += 3) {
            String truncated = token.substring(0, length);
            assertThatThrownBy(() -> cipher.decrypt(truncated)).isInstanceOf(InvalidTokenException.class);
        }
        assertThatThrownBy(() -> cipher.decrypt("***")).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> new FernetCipher(FernetKey.generate()).decrypt(token))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("signature");
    }

    @Test
    void aWrongVersionByteIsRejectedEvenWithAValidSignature() {
        byte[] raw = Base64.getUrlDecoder().decode(cipher.encrypt("secret"));
        raw[0] = (byte) 0x81;
        assertThatThrownBy(() -> cipher.decrypt(Base64.getUrlEncoder().encodeToString(raw)))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("version");
    }

    @Test
    void badPaddingUnderAValidSignatureIsRejected() throws Exception {
        // Sign a ciphertext whose plaintext padding is invalid: encrypt 16 bytes of 0x00 without padding.
        byte[] iv = new byte[16];
        javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
        byte[] encoded = Base64.getUrlDecoder().decode(key.encoded());
        aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(encoded, 16, 16, "AES"),
                new javax.crypto.spec.IvParameterSpec(iv));
        byte[] ciphertext = aes.doFinal(new byte[16]);
        java.nio.ByteBuffer body = java.nio.ByteBuffer.allocate(1 + 8 + 16 + 16 + 32);
        body.put((byte) 0x80).putLong(NOW.getEpochSecond()).put(iv).put(ciphertext);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(encoded, 0, 16, "HmacSHA256"));
        mac.update(body.array(), 0, 41);
        body.put(mac.doFinal());
        String token = Base64.getUrlEncoder().encodeToString(body.array());

        assertThatThrownBy(() -> cipher.decrypt(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("padding");
    }

    @Test
    void ttlRejectsExpiredTokensAndTokensFromBeyondTheClockSkew() {
        FernetCipher at = new FernetCipher(key, Clock.fixed(NOW, ZoneOffset.UTC));
        String token = at.encrypt("x");
        assertThat(at.decrypt(token, Duration.ofSeconds(10), NOW.plusSeconds(10))).isNotNull();
        assertThatThrownBy(() -> at.decrypt(token, Duration.ofSeconds(10), NOW.plusSeconds(11)))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
        assertThat(at.decrypt(token, Duration.ofSeconds(10), NOW.minusSeconds(60))).isNotNull();
        assertThatThrownBy(() -> at.decrypt(token, Duration.ofSeconds(10), NOW.minusSeconds(61)))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("future");
        assertThat(at.decrypt(token, null, NOW.plusSeconds(1_000_000))).isNotNull();
    }

    @Test
    void messagesNeverCarryKeyTokenOrPlaintext() {
        String token = cipher.encrypt("TopSecretPlaintext");
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(
                () -> new FernetCipher(FernetKey.generate()).decrypt(token));
        assertThat(e.getMessage()).doesNotContain(token).doesNotContain(key.encoded()).doesNotContain("TopSecret");
        assertThat(key.toString()).doesNotContain(key.encoded());
        assertThat(cipher.toString()).doesNotContain(key.encoded());
        assertThat(new String(cipher.decrypt(token), StandardCharsets.UTF_8)).isEqualTo("TopSecretPlaintext");
    }
}
