package com.crm.integrations.token.crypto;

import static com.crm.integrations.token.crypto.Keys.K1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EncryptionKeyTest {

    @Test
    void masksTheKeyInToString() {
        // Given
        EncryptionKey key = new EncryptionKey("k1", K1);

        // When
        String text = key.toString();

        // Then
        assertEquals("EncryptionKey[id=k1, key=***]", text);
        assertFalse(text.contains(Base64.getEncoder().encodeToString(K1).substring(0, 8)));
        assertFalse(text.contains(HexFormat.of().formatHex(K1).substring(0, 8)));
    }

    @Test
    void keepsItsOwnCopyOfTheKey() {
        // Given
        byte[] bytes = K1.clone();
        EncryptionKey key = new EncryptionKey("k1", bytes);

        // When
        bytes[0] ^= 1;

        // Then
        assertEquals(new EncryptionKey("k1", K1), key);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 16, 24, 31, 33 })
    void refusesAKeyThatIsNotAes256(int length) {
        // When
        KeyRingException refused = assertThrows(KeyRingException.class,
                () -> new EncryptionKey("k1", new byte[length]));

        // Then
        assertTrue(refused.getMessage().contains(length + " bytes"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "k 1", "k1:", "ключ", "k/1" })
    void refusesAnIdOutsideTheRule(String id) {
        assertThrows(KeyRingException.class, () -> new EncryptionKey(id, K1));
    }

    @ParameterizedTest
    @ValueSource(strings = { "k1", "2026-11.primary_A", "x" })
    void acceptsAnIdWithinTheRule(String id) {
        assertEquals(id, new EncryptionKey(id, K1).id());
    }

    @Test
    void acceptsAnIdOfSixtyFourCharacters() {
        assertEquals(64, new EncryptionKey("k".repeat(64), K1).id().length());
    }
}
