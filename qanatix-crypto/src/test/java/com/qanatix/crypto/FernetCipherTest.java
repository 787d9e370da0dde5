package com.qanatix.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FernetCipherTest {

    private static final long NOW = 1_700_000_000L;
    private static final Duration TTL = Duration.ofSeconds(60);

    private final TokenForge forge = new TokenForge(42);
    private final FernetCipher cipher = new FernetCipher(forge.key, Fixtures.clockAt(NOW));

    @Test
    void encryptThenDecryptGivesBackThePlaintext() {
        for (String text : new String[] {"", "a", "exactly 16 bytes", "pässwörd ✓ 鍵", "x".repeat(10_000)}) {
            assertThat(cipher.decryptToString(cipher.encrypt(text))).isEqualTo(text);
            assertThat(cipher.decrypt(cipher.encrypt(text.getBytes(StandardCharsets.UTF_8))))
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void tokensArePaddedBase64UrlWithVersion0x80AndTheClockTimestamp() {
        String token = cipher.encrypt("hello");

        assertThat(token).matches("[A-Za-z0-9_-]+=*").startsWith("gAAAAA");
        assertThat(token.length() % 4).isZero();
        assertThat(Base64.getUrlDecoder().decode(token)[0]).isEqualTo((byte) 0x80);
        assertThat(cipher.extractTimestamp(token)).isEqualTo(NOW);
    }

    @Test
    void everyEncryptionUsesAFreshIv() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(cipher.encrypt("same plaintext"));
        }
        assertThat(tokens).hasSize(1000);
    }

    @Test
    void flippingAnyBitOfTheTokenIsRejected() {
        byte[] data = Base64.getUrlDecoder().decode(cipher.encrypt("credentials"));
        int rejected = 0;
        for (int bit = 0; bit < data.length * 8; bit++) {
            byte[] tampered = data.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            String token = Base64.getUrlEncoder().encodeToString(tampered);
            assertThatThrownBy(() -> cipher.decrypt(token)).isInstanceOf(InvalidTokenException.class);
            assertThatThrownBy(() -> cipher.extractTimestamp(token)).isInstanceOf(InvalidTokenException.class);
            rejected++;
        }
        assertThat(rejected).isEqualTo(data.length * 8);
    }

    @Test
    void truncatingTheTokenAnywhereIsRejected() {
        byte[] data = Base64.getUrlDecoder().decode(cipher.encrypt("credentials"));
        for (int length = 0; length < data.length; length++) {
            String token = Base64.getUrlEncoder().encodeToString(java.util.Arrays.copyOf(data, length));
            assertThatThrownBy(() -> cipher.decrypt(token)).as("truncated to %d bytes", length)
                    .isInstanceOf(InvalidTokenException.class);
        }
        // as in Python, a token whose '=' padding was dropped is rejected, and so is any prefix of it
        String token = cipher.encrypt("credentials").replace("=", "");
        for (int chars = 0; chars < token.length(); chars++) {
            String truncated = token.substring(0, chars);
            assertThatThrownBy(() -> cipher.decrypt(truncated)).isInstanceOf(InvalidTokenException.class);
        }
    }

    @Test
    void appendedBytesAreRejected() {
        byte[] data = Base64.getUrlDecoder().decode(cipher.encrypt("credentials"));
        byte[] longer = java.util.Arrays.copyOf(data, data.length + 16);
        assertThatThrownBy(() -> cipher.decrypt(Base64.getUrlEncoder().encodeToString(longer)))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void badBase64IsRejectedWithoutQuotingTheToken() {
        String token = cipher.encrypt("credentials");
        for (String bad : new String[] {"", "   ", "not a token!!", "%%%%" + token.substring(4),
                token.replace("=", ""), token.substring(0, 5) + "*" + token.substring(6),
                "gAAAAA="}) {
            assertThatThrownBy(() -> cipher.decrypt(bad)).as(bad).isInstanceOf(InvalidTokenException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
        }
    }

    @Test
    void tokensAreReadAsPythonReadsThemEitherAlphabetExtraPaddingAndWhitespace() {
        String token = cipher.encrypt("hello");
        assertThat(cipher.decryptToString(token + "==")).isEqualTo("hello");
        assertThat(cipher.decryptToString("  " + token + "\n")).isEqualTo("hello");
        assertThat(cipher.decryptToString(token.replace('-', '+').replace('_', '/') + "#")).isEqualTo("hello");
    }

    @Test
    void aWrongVersionByteIsRejectedEvenWithAValidHmac() {
        String token = forge.resigned(cipher.encrypt("hello"), data -> data[0] = (byte) 0x81);

        assertThatThrownBy(() -> cipher.decrypt(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("version");
    }

    @Test
    void invalidPaddingUnderAValidHmacIsRejected() {
        byte[] iv = new byte[16];
        byte[] block = "fifteen bytes..".getBytes(StandardCharsets.US_ASCII);
        byte[] lastByteZero = java.util.Arrays.copyOf(block, 16); // padding byte 0x00: invalid
        byte[] mixedPadding = java.util.Arrays.copyOf(block, 16);
        mixedPadding[13] = 3;
        mixedPadding[14] = 2; // must be 3
        mixedPadding[15] = 3;
        byte[] paddingTooLong = java.util.Arrays.copyOf(block, 16);
        paddingTooLong[15] = 17;

        for (byte[] plaintextBlock : new byte[][] {lastByteZero, mixedPadding, paddingTooLong}) {
            String token = forge.signed((byte) 0x80, NOW, iv, forge.encryptRaw(plaintextBlock, iv));
            assertThat(cipher.extractTimestamp(token)).as("the HMAC is valid").isEqualTo(NOW);
            assertThatThrownBy(() -> cipher.decrypt(token)).isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining("padding");
        }
    }

    @Test
    void ciphertextThatIsNotWholeBlocksOrEmptyIsRejectedEvenWithAValidHmac() {
        byte[] iv = new byte[16];
        for (int length : new int[] {0, 1, 15, 17, 31}) {
            String token = forge.signed((byte) 0x80, NOW, iv, new byte[length]);
            assertThatThrownBy(() -> cipher.decrypt(token)).as("%d bytes of ciphertext", length)
                    .isInstanceOf(InvalidTokenException.class);
        }
    }

    @Test
    void aTokenFromAnotherKeyIsRejected() {
        String token = new FernetCipher(FernetKey.generate()).encrypt("hello");

        assertThatThrownBy(() -> cipher.decrypt(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("signature does not match");
    }

    @Test
    void aTokenIsValidUpToAndIncludingTimestampPlusTtl() {
        String token = new FernetCipher(forge.key, Fixtures.clockAt(NOW - 60)).encrypt("hello");

        assertThat(cipher.decryptToString(token, TTL)).isEqualTo("hello");
        assertThat(new FernetCipher(forge.key, Fixtures.clockAt(NOW - 60)).decryptToString(token, Duration.ZERO))
                .isEqualTo("hello");
    }

    @Test
    void anExpiredTokenIsRejectedUnderATtlButNotWithout() {
        String token = new FernetCipher(forge.key, Fixtures.clockAt(NOW - 61)).encrypt("hello");

        assertThatThrownBy(() -> cipher.decrypt(token, TTL)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> cipher.decryptToString(token, TTL)).isInstanceOf(InvalidTokenException.class);
        assertThat(cipher.decryptToString(token)).isEqualTo("hello");
        assertThat(cipher.decrypt(token, Duration.ofSeconds(61))).isNotNull();
        assertThat(cipher.decrypt(token, Duration.ofMillis(61_999))).as("whole seconds of the ttl count").isNotNull();
    }

    @Test
    void aTokenMoreThan60SecondsInTheFutureIsRejectedUnderAnyTtl() {
        String atSkewLimit = new FernetCipher(forge.key, Fixtures.clockAt(NOW + 60)).encrypt("hello");
        String beyondSkew = new FernetCipher(forge.key, Fixtures.clockAt(NOW + 61)).encrypt("hello");

        assertThat(cipher.decryptToString(atSkewLimit, TTL)).isEqualTo("hello");
        assertThatThrownBy(() -> cipher.decrypt(beyondSkew, TTL)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("future");
        assertThatThrownBy(() -> cipher.decrypt(beyondSkew, Duration.ofDays(365_000)))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("future");
        // like Python, no TTL means no time check at all
        assertThat(cipher.decryptToString(beyondSkew)).isEqualTo("hello");
    }

    @Test
    void timestampsOf2To63AndMoreCountAsFarFuture() {
        byte[] iv = new byte[16];
        byte[] block = new byte[16];
        java.util.Arrays.fill(block, (byte) 16);
        String token = forge.signed((byte) 0x80, -1L, iv, forge.encryptRaw(block, iv));

        assertThat(cipher.decrypt(token)).isEmpty();
        assertThatThrownBy(() -> cipher.decrypt(token, Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(InvalidTokenException.class).hasMessageContaining("future");
        String huge = new FernetCipher(forge.key).encrypt(new byte[0], Long.MAX_VALUE, iv);
        assertThatThrownBy(() -> cipher.decrypt(huge, Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void decryptAtAGivenInstantChecksAgainstThatInstant() {
        String token = cipher.encrypt("hello");

        assertThat(cipher.decrypt(token, TTL, Instant.ofEpochSecond(NOW + 60))).isNotEmpty();
        assertThatThrownBy(() -> cipher.decrypt(token, TTL, Instant.ofEpochSecond(NOW + 61)))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> cipher.decrypt(token, TTL, Instant.ofEpochSecond(NOW - 61)))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void rejectionMessagesNeverContainPlaintextTokenOrKey() {
        String secret = "hunter2-super-secret";
        String token = cipher.encrypt(secret);
        String tampered = token.substring(0, 20) + (token.charAt(20) == 'A' ? 'B' : 'A') + token.substring(21);
        String expired = new FernetCipher(forge.key, Fixtures.clockAt(NOW - 3600)).encrypt(secret);
        FernetCipher otherKey = new FernetCipher(FernetKey.generate());

        for (Runnable attempt : new Runnable[] {() -> cipher.decrypt(tampered), () -> otherKey.decrypt(token),
                () -> cipher.decrypt(expired, TTL), () -> cipher.decrypt(token.replace("=", "")),
                () -> cipher.decrypt(token.substring(0, 30))}) {
            assertThatThrownBy(attempt::run).isInstanceOf(InvalidTokenException.class).satisfies(e -> {
                assertThat(e.getMessage()).isNotBlank().doesNotContain(secret).doesNotContain(token.substring(0, 30))
                        .doesNotContain(forge.key.encoded()).doesNotContain(token.substring(30, 60));
                assertThat(e.getCause()).isNull();
            });
        }
    }

    @Test
    void decryptToStringRefusesPlaintextThatIsNotUtf8() {
        String token = cipher.encrypt(new byte[] {(byte) 0xff, (byte) 0xfe});

        assertThatThrownBy(() -> cipher.decryptToString(token)).isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(InvalidTokenException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void encryptWithGivenPartsValidatesThem() {
        assertThatThrownBy(() -> cipher.encrypt(new byte[0], 0, new byte[15]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> cipher.encrypt(new byte[0], -1, new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.decrypt("x", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        assertThatNullPointerException().isThrownBy(() -> new FernetCipher(null)).withMessage("key is null");
        assertThatNullPointerException().isThrownBy(() -> new FernetCipher(forge.key, null))
                .withMessage("clock is null");
        assertThatNullPointerException().isThrownBy(() -> cipher.encrypt((byte[]) null))
                .withMessage("plaintext is null");
        assertThatNullPointerException().isThrownBy(() -> cipher.encrypt((String) null))
                .withMessage("plaintext is null");
        assertThatNullPointerException().isThrownBy(() -> cipher.decrypt(null)).withMessage("token is null");
        assertThatNullPointerException().isThrownBy(() -> cipher.decrypt("x", null)).withMessage("ttl is null");
        assertThatNullPointerException().isThrownBy(() -> cipher.decrypt("x", TTL, null)).withMessage("now is null");
        assertThatNullPointerException().isThrownBy(() -> cipher.extractTimestamp(null))
                .withMessage("token is null");
    }

    @Test
    void toStringShowsNoKeyMaterial() {
        assertThat(cipher.toString()).doesNotContain(forge.key.encoded()).contains("***");
    }
}
