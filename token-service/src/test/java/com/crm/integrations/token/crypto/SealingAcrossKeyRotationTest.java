package com.crm.integrations.token.crypto;

import static com.crm.integrations.token.crypto.Keys.ACCESS;
import static com.crm.integrations.token.crypto.Keys.K1;
import static com.crm.integrations.token.crypto.Keys.K2;
import static com.crm.integrations.token.crypto.Keys.key;
import static com.crm.integrations.token.crypto.Keys.ring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The rotation the issue describes: add a key, make it active, re-seal every row, remove the old key. */
class SealingAcrossKeyRotationTest {

    private static final String TOKEN = "1//0g-refresh-token";

    private final TokenSealer beforeRotation = new TokenSealer(ring("k1", key("k1", K1)));
    private final TokenSealer duringRotation = new TokenSealer(ring("k2", key("k1", K1), key("k2", K2)));
    private final TokenSealer afterRotation = new TokenSealer(ring("k2", key("k2", K2)));

    @Test
    void oldKeyRowsStillReadOnceTheNewKeyIsActive() {
        // Given
        Sealed underK1 = beforeRotation.seal(TOKEN, ACCESS);

        // When
        String plaintext = duringRotation.unseal(underK1, ACCESS);

        // Then
        assertEquals(TOKEN, plaintext);
    }

    @Test
    void resealMovesARowUnderTheActiveKey() {
        // Given
        Sealed underK1 = beforeRotation.seal(TOKEN, ACCESS);

        // When
        Sealed underK2 = duringRotation.reseal(underK1, ACCESS);

        // Then
        assertEquals("k2", underK2.keyId());
        assertEquals(TOKEN, afterRotation.unseal(underK2, ACCESS));
    }

    @Test
    void resealLeavesARowAlreadyUnderTheActiveKeyAsItIs() {
        // Given
        Sealed underK2 = duringRotation.seal(TOKEN, ACCESS);

        // When
        Sealed again = duringRotation.reseal(underK2, ACCESS);

        // Then
        assertSame(underK2, again);
    }

    @Test
    void resealRefusesARowSealedForAnotherContext() {
        // Given
        Sealed underK1 = beforeRotation.seal(TOKEN, ACCESS);
        SealContext refreshField = new SealContext(ACCESS.tenantId(), ACCESS.provider(), ACCESS.connectionId(),
                TokenField.REFRESH);

        // When / Then
        assertThrows(TokenIntegrityException.class, () -> duringRotation.reseal(underK1, refreshField));
    }

    @Test
    void rowsNotResealedBeforeTheOldKeyIsRemovedNoLongerRead() {
        // Given
        Sealed underK1 = beforeRotation.seal(TOKEN, ACCESS);

        // When
        UnknownKeyException refused = assertThrows(UnknownKeyException.class,
                () -> afterRotation.unseal(underK1, ACCESS));

        // Then
        assertEquals("k1", refused.keyId());
    }
}
