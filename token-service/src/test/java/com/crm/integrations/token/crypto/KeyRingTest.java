package com.crm.integrations.token.crypto;

import static com.crm.integrations.token.crypto.Keys.ACCESS;
import static com.crm.integrations.token.crypto.Keys.K1;
import static com.crm.integrations.token.crypto.Keys.K2;
import static com.crm.integrations.token.crypto.Keys.base64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyRingTest {

    private static final String B64_K1 = base64(K1);
    private static final String B64_K2 = base64(K2);
    /** A key whose standard base64 has '+' and '/', so its URL-safe form differs. */
    private static final byte[] K3 = Base64.getDecoder().decode("+/+/" + "A".repeat(39) + "=");

    @Test
    void parsesEntriesInOrderWithTheNamedKeyActive() {
        // Given
        String keys = "k1:" + B64_K1 + ",k2:" + B64_K2;

        // When
        KeyRing ring = KeyRing.parse(keys, "k2");

        // Then
        assertEquals(List.of("k1", "k2"), List.copyOf(ring.ids()));
        assertEquals("k2", ring.active().id());
        assertEquals(new EncryptionKey("k1", K1), ring.get("k1").orElseThrow());
        assertEquals(new EncryptionKey("k2", K2), ring.get("k2").orElseThrow());
        assertTrue(ring.contains("k1"));
        assertFalse(ring.contains("k3"));
        assertEquals(Optional.empty(), ring.get("k3"));
    }

    @Test
    void makesTheOnlyKeyActiveWhenNoneIsNamed() {
        // Given
        String keys = "k1:" + B64_K1;

        // When
        KeyRing ring = KeyRing.parse(keys, null);

        // Then
        assertEquals("k1", ring.active().id());
    }

    @Test
    void readsStandardAndUrlSafeBase64WithOrWithoutPadding() {
        // Given
        String standard = Base64.getEncoder().encodeToString(K3);
        String urlSafeUnpadded = Base64.getUrlEncoder().withoutPadding().encodeToString(K3);
        assertNotEquals(standard.replace("=", ""), urlSafeUnpadded); // the alphabets really differ here

        // When
        KeyRing ring = KeyRing.parse(" a:" + standard + " , b : " + urlSafeUnpadded + " ", "a");

        // Then
        assertEquals(new EncryptionKey("a", K3), ring.get("a").orElseThrow());
        assertEquals(new EncryptionKey("b", K3), ring.get("b").orElseThrow());
    }

    @Test
    void sealsWithTheDecodedKeyBytes() {
        // Given
        KeyRing parsed = KeyRing.parse("k1:" + Base64.getUrlEncoder().encodeToString(K3), "k1");

        // When
        Sealed sealed = new TokenSealer(parsed).seal("token", ACCESS);

        // Then
        assertEquals("token", new TokenSealer(Keys.ring("k1", Keys.key("k1", K3))).unseal(sealed, ACCESS));
    }

    static Stream<Arguments> badConfigurations() {
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);
        String swapped = Base64.getUrlEncoder().withoutPadding().encodeToString(K1);
        return Stream.of(
                Arguments.of(null, null, "no encryption key configured"),
                Arguments.of("", null, "no encryption key configured"),
                Arguments.of("   ", "k1", "no encryption key configured"),
                Arguments.of(B64_K1, null, "key ring entry 1 is malformed: expected id:base64key"),
                Arguments.of("k1:" + B64_K1 + ",," + "k2:" + B64_K2, "k1", "key ring entry 2 is empty"),
                Arguments.of("k1:" + B64_K1 + ",", "k1", "key ring entry 2 is empty"),
                Arguments.of("key one:" + B64_K1, null, "key ring entry 1 has an invalid key id (not shown: not a valid key id)"),
                Arguments.of(":" + B64_K1, null, "key ring entry 1 has an invalid key id"),
                Arguments.of("k".repeat(65) + ":" + B64_K1, null, "key ring entry 1 has an invalid key id"),
                Arguments.of(swapped + ":k1", null, "key ring entry 1 has an invalid key id (not shown"),
                Arguments.of("k1:" + B64_K1 + ",k1:" + B64_K2, "k1", "entry 2: key id 'k1' appears more than once"),
                Arguments.of("k1:" + sixteenBytes, null, "entry 1 (key id 'k1'): key decodes to 16 bytes"),
                Arguments.of("k1:", null, "entry 1 (key id 'k1') has no key"),
                Arguments.of("k1:" + B64_K1.replace('A', '$'), null, "(key id 'k1'): key is not valid base64"),
                Arguments.of("k1:+-" + "A".repeat(42), null, "(key id 'k1'): key is not valid base64"), // mixed alphabets
                Arguments.of("k1:" + B64_K1 + ",k2:" + B64_K2, null, "no active key id configured"),
                Arguments.of("k1:" + B64_K1 + ",k2:" + B64_K2, " ", "no active key id configured"),
                Arguments.of("k1:" + B64_K1, "k2", "active key id 'k2' is not in the key ring [k1]"),
                Arguments.of("k1:" + B64_K1, B64_K1, "active key id (not shown: not a valid key id)"),
                Arguments.of("k1:" + B64_K1, swapped, "active key id (not shown: not a valid key id)"));
    }

    @ParameterizedTest
    @MethodSource("badConfigurations")
    void refusesABadConfigurationClearlyWithoutShowingAKey(String keys, String active, String expected) {
        // When
        KeyRingException refused = assertThrows(KeyRingException.class, () -> KeyRing.parse(keys, active));

        // Then
        String message = refused.getMessage();
        assertTrue(message.contains(expected), () -> message + " lacks " + expected);
        for (byte[] key : List.of(K1, K2)) {
            String standard = Base64.getEncoder().encodeToString(key);
            String urlSafe = Base64.getUrlEncoder().encodeToString(key);
            for (String encoded : List.of(standard, urlSafe)) {
                assertFalse(message.contains(encoded.substring(0, 12)), () -> message + " shows a key");
                assertFalse(message.contains(encoded.substring(20, 32)), () -> message + " shows a key");
            }
        }
    }

    @Test
    void refusesTwoKeysUnderOneId() {
        // Given
        List<EncryptionKey> keys = List.of(new EncryptionKey("k1", K1), new EncryptionKey("k1", K2));

        // When
        KeyRingException refused = assertThrows(KeyRingException.class, () -> KeyRing.of(keys, "k1"));

        // Then
        assertEquals("key id 'k1' appears more than once", refused.getMessage());
    }

    @Test
    void refusesAnEmptyRing() {
        assertThrows(KeyRingException.class, () -> KeyRing.of(List.of(), null));
    }

    @Test
    void describesItselfByIdsOnly() {
        // Given
        KeyRing ring = KeyRing.parse("k1:" + B64_K1 + ",k2:" + B64_K2, "k2");

        // When
        String text = ring.toString();

        // Then
        assertEquals("KeyRing[active=k2, ids=[k1, k2]]", text);
    }

    @Test
    void generatesARandomActiveKeyForDevAndTest() {
        // Given
        KeyRing first = KeyRing.generate("dev");

        // When
        KeyRing second = KeyRing.generate("dev");

        // Then
        assertEquals("dev", first.active().id());
        assertEquals(List.of("dev"), List.copyOf(first.ids()));
        assertNotEquals(first.active(), second.active());
    }

    @Test
    void listsAnUnmodifiableSetOfIds() {
        // Given
        KeyRing ring = KeyRing.generate("dev");

        // When / Then
        assertThrows(UnsupportedOperationException.class, () -> ring.ids().add("k9"));
    }
}
