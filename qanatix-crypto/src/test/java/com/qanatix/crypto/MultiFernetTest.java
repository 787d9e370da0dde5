package com.qanatix.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiFernetTest {

    private static final long NOW = 1_700_000_000L;

    private final FernetKey newKey = FernetKey.generate();
    private final FernetKey oldKey = FernetKey.generate();
    private final FernetKey olderKey = FernetKey.generate();
    private final MultiFernet multi = MultiFernet.of(Fixtures.clockAt(NOW), List.of(newKey, oldKey, olderKey));

    @Test
    void theFirstKeyEncryptsAndEveryKeyDecrypts() {
        String token = multi.encrypt("hello");

        assertThat(new FernetCipher(newKey).decryptToString(token)).isEqualTo("hello");
        for (FernetKey key : List.of(newKey, oldKey, olderKey)) {
            assertThat(multi.decryptToString(new FernetCipher(key).encrypt("from " + key.hashCode())))
                    .isEqualTo("from " + key.hashCode());
        }
        assertThat(multi.primaryKey()).isEqualTo(newKey);
        assertThat(multi.keyCount()).isEqualTo(3);
        assertThat(multi.keys()).containsExactly(newKey, oldKey, olderKey);
    }

    @Test
    void aTokenUnderNoneOfTheKeysIsRejected() {
        String token = new FernetCipher(FernetKey.generate()).encrypt("hello");

        assertThatThrownBy(() -> multi.decrypt(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("none of the 3 keys");
        assertThatThrownBy(() -> multi.rotate(token)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> multi.extractTimestamp(token)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void rotateReEncryptsUnderThePrimaryKeyWithAFreshIv() {
        String token = new FernetCipher(oldKey).encrypt("hello");

        String rotated = multi.rotate(token);
        String rotatedAgain = multi.rotate(token);

        assertThat(new FernetCipher(newKey).decryptToString(rotated)).isEqualTo("hello");
        assertThatThrownBy(() -> new FernetCipher(oldKey).decrypt(rotated)).isInstanceOf(InvalidTokenException.class);
        assertThat(iv(rotated)).isNotEqualTo(iv(token)).isNotEqualTo(iv(rotatedAgain));
    }

    @Test
    void rotateKeepsTheOriginalTimestamp() {
        long created = NOW - 86_400;
        String token = new FernetCipher(olderKey, Fixtures.clockAt(created)).encrypt("hello");

        String rotated = multi.rotate(token);

        assertThat(new FernetCipher(newKey).extractTimestamp(rotated)).isEqualTo(created);
        assertThat(multi.extractTimestamp(rotated)).isEqualTo(created);
        // so a TTL still counts from the original encryption
        assertThatThrownBy(() -> multi.decrypt(rotated, Duration.ofHours(1))).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void rotateIgnoresTheTokenAgeLikePython() {
        String ancient = new FernetCipher(oldKey, Fixtures.clockAt(1)).encrypt("hello");
        String future = new FernetCipher(oldKey, Fixtures.clockAt(NOW + 10_000)).encrypt("hello");

        assertThat(multi.decryptToString(multi.rotate(ancient))).isEqualTo("hello");
        assertThat(multi.decryptToString(multi.rotate(future))).isEqualTo("hello");
    }

    @Test
    void rotatingATokenAlreadyUnderThePrimaryKeyStillGivesAFreshToken() {
        String token = multi.encrypt("hello");

        String rotated = multi.rotate(token);

        assertThat(rotated).isNotEqualTo(token);
        assertThat(multi.decryptToString(rotated)).isEqualTo("hello");
        assertThat(multi.extractTimestamp(rotated)).isEqualTo(NOW);
    }

    @Test
    void ttlIsCheckedAgainstTheInjectedClock() {
        String fresh = new FernetCipher(oldKey, Fixtures.clockAt(NOW - 60)).encrypt("hello");
        String stale = new FernetCipher(oldKey, Fixtures.clockAt(NOW - 61)).encrypt("hello");
        String future = new FernetCipher(oldKey, Fixtures.clockAt(NOW + 61)).encrypt("hello");
        Duration ttl = Duration.ofSeconds(60);

        assertThat(multi.decryptToString(fresh, ttl)).isEqualTo("hello");
        assertThatThrownBy(() -> multi.decrypt(stale, ttl)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> multi.decrypt(future, ttl)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("future");
        assertThat(multi.decrypt(stale, ttl, Instant.ofEpochSecond(NOW - 1))).isNotEmpty();
    }

    @Test
    void everyBitFlipIsRejectedByEveryKey() {
        byte[] data = Base64.getUrlDecoder().decode(new FernetCipher(olderKey).encrypt("credentials"));
        for (int bit = 0; bit < data.length * 8; bit++) {
            byte[] tampered = data.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            String token = Base64.getUrlEncoder().encodeToString(tampered);
            assertThatThrownBy(() -> multi.decrypt(token)).isInstanceOf(InvalidTokenException.class);
            assertThatThrownBy(() -> multi.rotate(token)).isInstanceOf(InvalidTokenException.class);
        }
    }

    @Test
    void anEmptyKeyListIsRefusedClearly() {
        assertThatThrownBy(() -> MultiFernet.of()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one key");
        assertThatThrownBy(() -> MultiFernet.of(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one key");
        assertThatNullPointerException().isThrownBy(() -> MultiFernet.of(newKey, null)).withMessage("key #2 is null");
        assertThatNullPointerException().isThrownBy(() -> MultiFernet.of((List<FernetKey>) null))
                .withMessage("keys is null");
    }

    @Test
    void toStringShowsTheKeyCountOnly() {
        assertThat(multi.toString()).isEqualTo("MultiFernet[keys=3]").doesNotContain(newKey.encoded());
    }

    private static byte[] iv(String token) {
        return java.util.Arrays.copyOfRange(Base64.getUrlDecoder().decode(token), 9, 25);
    }

    @Test
    void keysFromTheEnvironmentAreCommaSeparatedFirstPrimaryWithSpacesTrimmed() {
        String value = " " + newKey.encoded() + " , " + oldKey.encoded() + "=" + ",\t" + olderKey.encoded();

        MultiFernet fromEnv = MultiFernet.fromEnvironment(Map.of("CONNECTOR_ENCRYPTION_KEY", value));

        assertThat(fromEnv.keys()).containsExactly(newKey, oldKey, olderKey);
        assertThat(fromEnv.primaryKey()).isEqualTo(newKey);
        assertThat(MultiFernet.fromKeyList(value).keys()).containsExactly(newKey, oldKey, olderKey);
        assertThat(MultiFernet.fromKeyList(newKey.encoded()).keyCount()).isEqualTo(1);
        assertThat(fromEnv.decryptToString(multi.encrypt("shared"))).isEqualTo("shared");
    }

    @Test
    void aMissingEnvironmentVariableSaysHowToGenerateAKey() {
        assertThatThrownBy(() -> MultiFernet.fromEnvironment(Map.of())).isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("CONNECTOR_ENCRYPTION_KEY is not set")
                .hasMessageContaining("Fernet.generate_key()")
                .hasMessageContaining("FernetKey.generate().encoded()");
    }

    @Test
    void theProcessEnvironmentIsRead() {
        String actual = System.getenv("CONNECTOR_ENCRYPTION_KEY");
        if (actual == null) {
            assertThatThrownBy(MultiFernet::fromEnvironment).isInstanceOf(KeyConfigurationException.class)
                    .hasMessageContaining("CONNECTOR_ENCRYPTION_KEY is not set");
        } else {
            assertThat(MultiFernet.fromEnvironment().keyCount()).isEqualTo(MultiFernet.fromKeyList(actual).keyCount());
        }
    }

    @Test
    void anEmptyEnvironmentVariableIsRefused() {
        for (String empty : new String[] {"", "   ", "\n"}) {
            assertThatThrownBy(() -> MultiFernet.fromEnvironment(Map.of("CONNECTOR_ENCRYPTION_KEY", empty)))
                    .isInstanceOf(KeyConfigurationException.class)
                    .hasMessageContaining("CONNECTOR_ENCRYPTION_KEY is empty")
                    .hasMessageContaining("Fernet.generate_key()");
        }
    }

    @Test
    void oneBadKeyAmongSeveralIsNamedByPositionNeverByText() {
        String notBase64 = "not*base64*at*all*but*44*characters*long!!=";
        String tooShort = Base64.getUrlEncoder().encodeToString("sixteen byte key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String good = newKey.encoded();
        Map<String, String> badSecond = Map.of("CONNECTOR_ENCRYPTION_KEY", good + "," + notBase64 + "," + good);
        Map<String, String> badThird = Map.of("CONNECTOR_ENCRYPTION_KEY", good + "," + good + "," + tooShort);

        assertThatThrownBy(() -> MultiFernet.fromEnvironment(badSecond)).isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("CONNECTOR_ENCRYPTION_KEY: key #2 of 3 is not valid base64url")
                .hasMessageNotContaining(notBase64).hasMessageNotContaining("base64*at").hasMessageNotContaining(good)
                .hasMessageContaining("Fernet.generate_key()");
        assertThatThrownBy(() -> MultiFernet.fromEnvironment(badThird)).isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("key #3 of 3 decodes to 16 bytes")
                .hasMessageNotContaining(tooShort).hasMessageNotContaining(good);
        assertThatThrownBy(() -> MultiFernet.fromKeyList(good + "," + notBase64))
                .isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("key #2 of 2 is not valid base64url").hasMessageNotContaining(notBase64);
    }

    @Test
    void anEmptyEntryInTheKeyListIsRefusedByPosition() {
        String good = newKey.encoded();

        assertThatThrownBy(() -> MultiFernet.fromKeyList(good + ",")).isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("key #2 of 2 is empty").hasMessageNotContaining(good);
        assertThatThrownBy(() -> MultiFernet.fromKeyList(good + ", ," + good))
                .isInstanceOf(KeyConfigurationException.class).hasMessageContaining("key #2 of 3 is empty");
        assertThatThrownBy(() -> MultiFernet.fromKeyList(" ")).isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("empty");
    }
}
