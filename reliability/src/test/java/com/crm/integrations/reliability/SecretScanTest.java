package com.crm.integrations.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.crm.integrations.reliability.SecretScan.Hit;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The secret scan on fixtures: it must find a secret in each form it claims to look for. */
class SecretScanTest {

    private static final String TOKEN = "ya29.a0AfH6SMBx-secret-access-token";
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String KEY_RING = "test-0a1b2c3d:" + Base64.getEncoder().encodeToString(KEY);

    @Test
    void findsASecretAsWrittenInALogLine() {
        // Given
        Map<String, Set<String>> forms = SecretScan.forms(List.of(TOKEN), null);

        // When
        List<Hit> hits = SecretScan.search(forms, Map.of("log", List.of("INFO refreshed", "DEBUG Authorization: Bearer " + TOKEN)));

        // Then
        assertEquals(List.of(new Hit("log", SecretScan.describe(TOKEN) + " #1")), hits);
    }

    @Test
    void findsASecretStoredAsBytea() {
        // Given
        Map<String, Set<String>> forms = SecretScan.forms(List.of(TOKEN), null);
        String row = "(1,\\x" + HexFormat.of().formatHex(TOKEN.getBytes(StandardCharsets.UTF_8)) + ")";

        // When
        List<Hit> hits = SecretScan.search(forms, Map.of("\"token\".\"connection\"", List.of(row)));

        // Then
        assertEquals(1, hits.size());
    }

    @Test
    void findsAKeyRingKeyAsBase64AndAsRawBytes() {
        // Given
        Map<String, Set<String>> forms = SecretScan.forms(List.of(), KEY_RING);

        // When
        List<Hit> hits = SecretScan.search(forms, Map.of(
                "topic", List.of("key=" + Base64.getEncoder().encodeToString(KEY)),
                "table", List.of("(\\x" + HexFormat.of().formatHex(KEY) + ")")));

        // Then
        assertEquals(2, hits.size(), hits.toString());
    }

    @Test
    void ciphertextIsNotAHit() {
        // Given
        Map<String, Set<String>> forms = SecretScan.forms(List.of(TOKEN), KEY_RING);

        // When
        List<Hit> hits = SecretScan.search(forms, Map.of("table", List.of("(\\x9f2c01aa7be4d0c3,test-0a1b2c3d)")));

        // Then
        assertEquals(List.of(), hits);
    }

    @Test
    void secretsThatLookAlikeAreEachLookedFor() {
        // When
        Map<String, Set<String>> forms = SecretScan.forms(List.of("abcd-0000000000000000", "abcd-1111111111111111"), null);

        // Then
        assertEquals(2, forms.size());
    }

    @Test
    void shortValuesAreNotLookedFor() {
        // When
        Map<String, Set<String>> forms = SecretScan.forms(List.of("abc123", TOKEN), null);

        // Then
        assertEquals(1, forms.size());
    }
}
