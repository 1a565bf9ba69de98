package com.crm.integrations.token.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class SealedTest {

    @Test
    void keepsItsOwnCopyOfTheBytesGiven() {
        // Given
        byte[] bytes = { 1, 2, 3 };
        Sealed sealed = new Sealed("k1", bytes);

        // When
        bytes[0] = 9;

        // Then
        assertArrayEquals(new byte[] { 1, 2, 3 }, sealed.ciphertext());
    }

    @Test
    void handsOutACopyOfItsBytes() {
        // Given
        Sealed sealed = new Sealed("k1", new byte[] { 1, 2, 3 });

        // When
        sealed.ciphertext()[0] = 9;

        // Then
        assertArrayEquals(new byte[] { 1, 2, 3 }, sealed.ciphertext());
    }

    @Test
    void equalsByKeyIdAndContent() {
        // Given
        Sealed one = new Sealed("k1", new byte[] { 1, 2, 3 });

        // When
        Sealed same = new Sealed("k1", new byte[] { 1, 2, 3 });

        // Then
        assertEquals(one, same);
        assertEquals(one.hashCode(), same.hashCode());
        assertNotEquals(one, new Sealed("k2", new byte[] { 1, 2, 3 }));
        assertNotEquals(one, new Sealed("k1", new byte[] { 1, 2, 4 }));
    }

    @Test
    void showsKeyIdAndLengthOnly() {
        // Given
        Sealed sealed = new Sealed("k1", new byte[] { 0x41, 0x42, 0x43 });

        // When
        String text = sealed.toString();

        // Then
        assertEquals("Sealed[keyId='k1', 3 bytes]", text);
    }
}
