package com.qanatix.core.internal;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprinterTest {
    private final Fingerprinter f = new Fingerprinter();

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * Stored fingerprints outlive versions: a change to the hash makes every connector re-ingest
     * everything once. These values were computed by the version that wrote them; a
     * change here must be deliberate and said in the release notes.
     */
    @Test
    void fingerprintsStayTheSameAcrossVersions() {
        assertThat(f.keyHash("")).isEqualTo(0xcd51bde434d71125L);
        assertThat(f.keyHash("1")).isEqualTo(0x44fc3f30b6357748L);
        assertThat(f.keyHash("12345")).isEqualTo(0x4962fd65867e7e90L);
        assertThat(f.keyHash("Grüße 世界")).isEqualTo(0x4e05b298545edc91L);
        assertThat(f.contentHash(null, Map.of())).isEqualTo(0x9e90cc6ca88138d2L);
        assertThat(f.contentHash("n1", Map.of("x", ""))).isEqualTo(0xda0b8b1affceec1fL);
        com.qanatix.core.spi.RowLayout layout = com.qanatix.core.spi.RowLayout.of(
                List.of("id", "name", "sku", "price", "stock", "updated_at", "attrs"));
        com.qanatix.core.spi.RowLayout attrs = com.qanatix.core.spi.RowLayout.of(List.of("color", "weight_g"));
        assertThat(f.contentHash("n7", layout.row(new Object[] {3L, "Product 3", "SKU-SKU-SKU-", new BigDecimal("12.33"), 3,
                Instant.ofEpochSecond(1_700_000_003L, 3), attrs.row(new Object[] {"blue", 3L})})))
                .isEqualTo(0x7f014c2614da020dL);
        String medium = "x".repeat(37) + "é".repeat(13) + "y".repeat(50); // past the common-value fast path
        String large = "Grüße 世界 ".repeat(30); // longer than the word buffer: hashed word by word
        assertThat(f.keyHash(medium)).isEqualTo(0x24db6c5989a84210L);
        assertThat(f.keyHash(large)).isEqualTo(0x4a07130e49f410f1L);
        assertThat(f.contentHash(large, row("long", medium))).isEqualTo(0x4add6504c7ec973cL);
    }

    @Test
    void equalContentGivesEqualFingerprints() {
        assertThat(f.contentHash("a", row("id", 1L, "price", new BigDecimal("1.50"), "tags", List.of("x"))))
                .isEqualTo(f.contentHash("a", row("id", 1L, "price", new BigDecimal("1.50"), "tags", List.of("x"))));
    }

    @Test
    void anyChangeOfValueTypeNameOrBoundaryChangesTheFingerprint() {
        List<Long> hashes = List.of(
                f.contentHash("a", row("id", 1L)),
                f.contentHash("b", row("id", 1L)),
                f.contentHash(null, row("id", 1L)),
                f.contentHash("a", row("id", 2L)),
                f.contentHash("a", row("id", "1")),
                f.contentHash("a", row("id", 1.0)),
                f.contentHash("a", row("id", new BigDecimal("1"))),
                f.contentHash("a", row("id", new BigDecimal("1.0"))),
                f.contentHash("a", row("ID", 1L)),
                f.contentHash("a", row("id", 1L, "x", null)),
                f.contentHash("a", row("s", "ab", "t", "c")),
                f.contentHash("a", row("s", "a", "t", "bc")),
                f.contentHash("a", row("t", Instant.EPOCH)),
                f.contentHash("a", row("t", LocalDateTime.of(1970, 1, 1, 0, 0))),
                f.contentHash("a", row("b", new byte[] {1, 2})),
                f.contentHash("a", row("b", new byte[] {1, 2, 0})),
                f.contentHash("a", row("l", List.of(List.of(1L), 2L))),
                f.contentHash("a", row("l", List.of(1L, List.of(2L)))));
        assertThat(new HashSet<>(hashes)).hasSameSizeAs(hashes);
    }

    @Test
    void aMillionSourceIdsHaveNoKeyCollision() {
        Set<Long> keys = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++) {
            keys.add(f.keyHash(Integer.toString(i)));
        }
        assertThat(keys).hasSize(1_000_000);
    }

    @Test
    void aRowHashesLikeAnyMapWithTheSameEntriesInTheSameOrder() {
        com.qanatix.core.spi.RowLayout layout = com.qanatix.core.spi.RowLayout.of(List.of("id", "name", "note"));
        com.qanatix.core.spi.RowLayout other = com.qanatix.core.spi.RowLayout.of(List.of("id", "title"));

        long viaRow = f.contentHash("a", layout.row(new Object[] {1L, "Lamp", null}));
        long viaOtherLayout = f.contentHash("a", other.row(new Object[] {1L, "Lamp"}));
        long viaRowAgain = f.contentHash("a", layout.row(new Object[] {1L, "Lamp", null}));

        assertThat(viaRow).isEqualTo(f.contentHash("a", row("id", 1L, "name", "Lamp", "note", null)));
        assertThat(viaRowAgain).isEqualTo(viaRow);
        assertThat(viaOtherLayout).isEqualTo(f.contentHash("a", row("id", 1L, "title", "Lamp")))
                .isNotEqualTo(viaRow);
        assertThat(f.contentHash("a", layout.row(new Object[] {1L, null, "Lamp"}))).isNotEqualTo(viaRow);
    }

    @Test
    void decimalsThatDifferInTheirLastDigitOrScaleHashApart() {
        Set<Long> hashes = new HashSet<>();
        List<String> values = List.of("0", "0.0", "0.00", "1", "1.0", "-1", "0.01", "-0.01", "19.99", "19.98",
                "999999999999999", "999999999999998", "99999999999999.9", "0.000000000000001", "0.000000000000002",
                "1234567890123456", "1234567890123457", "12345678901234567890.123", "12345678901234567890.124",
                "1E+3", "1000", "1E-30", "2E-30");
        for (String v : values) {
            assertThat(hashes.add(f.contentHash("a", row("price", new BigDecimal(v))))).as(v).isTrue();
        }
        assertThat(f.contentHash("a", row("price", new BigDecimal("19.99"))))
                .isEqualTo(f.contentHash("a", row("price", new BigDecimal("19.99"))));
    }
}
