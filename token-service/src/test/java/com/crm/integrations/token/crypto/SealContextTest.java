package com.crm.integrations.token.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SealContextTest {

    private static final UUID CONNECTION = UUID.fromString("00000000-0000-4000-8000-000000000001");

    @Test
    void encodesTheSameContextToTheSameBytes() {
        // Given
        SealContext one = new SealContext("t1", "google", CONNECTION, TokenField.ACCESS);
        SealContext same = new SealContext("t1", "google", CONNECTION, TokenField.ACCESS);

        // When
        byte[] encoded = one.associatedData();

        // Then
        assertArrayEquals(same.associatedData(), encoded);
    }

    @Test
    void encodesAVersionThenLengthPrefixedUtf8Fields() {
        // Given
        SealContext context = new SealContext("tё", "google", CONNECTION, TokenField.API_KEY);

        // When
        ByteBuffer aad = ByteBuffer.wrap(context.associatedData());

        // Then
        assertEquals(1, aad.get());
        assertEquals("tё", next(aad));
        assertEquals("google", next(aad));
        assertEquals(CONNECTION.toString(), next(aad));
        assertEquals("api_key", next(aad));
        assertFalse(aad.hasRemaining());
    }

    @Test
    void keepsFieldBoundariesApart() {
        // Given
        SealContext abAndC = new SealContext("ab", "c", CONNECTION, TokenField.ACCESS);
        SealContext aAndBc = new SealContext("a", "bc", CONNECTION, TokenField.ACCESS);

        // When
        byte[] encoded = abAndC.associatedData();

        // Then
        assertFalse(Arrays.equals(aAndBc.associatedData(), encoded));
    }

    @Test
    void bindsEveryComponent() {
        // Given
        SealContext base = new SealContext("t1", "google", CONNECTION, TokenField.ACCESS);

        // When
        byte[] encoded = base.associatedData();

        // Then
        for (SealContext other : new SealContext[] {
                new SealContext("t2", "google", CONNECTION, TokenField.ACCESS),
                new SealContext("t1", "microsoft", CONNECTION, TokenField.ACCESS),
                new SealContext("t1", "google", UUID.randomUUID(), TokenField.ACCESS),
                new SealContext("t1", "google", CONNECTION, TokenField.REFRESH) }) {
            assertFalse(Arrays.equals(other.associatedData(), encoded), other::toString);
        }
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "", "  " })
    void refusesAMissingTenant(String tenant) {
        assertThrows(RuntimeException.class, () -> new SealContext(tenant, "google", CONNECTION, TokenField.ACCESS));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "", "\t" })
    void refusesAMissingProvider(String provider) {
        assertThrows(RuntimeException.class, () -> new SealContext("t1", provider, CONNECTION, TokenField.ACCESS));
    }

    @Test
    void refusesAMissingConnectionId() {
        assertThrows(NullPointerException.class, () -> new SealContext("t1", "google", null, TokenField.ACCESS));
    }

    @Test
    void refusesAMissingField() {
        assertThrows(NullPointerException.class, () -> new SealContext("t1", "google", CONNECTION, null));
    }

    private static String next(ByteBuffer aad) {
        int length = aad.getInt();
        assertTrue(length >= 0 && length <= aad.remaining(), "length prefix " + length);
        byte[] bytes = new byte[length];
        aad.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
