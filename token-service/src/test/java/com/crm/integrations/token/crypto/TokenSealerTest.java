package com.crm.integrations.token.crypto;

import static com.crm.integrations.token.crypto.Keys.ACCESS;
import static com.crm.integrations.token.crypto.Keys.K1;
import static com.crm.integrations.token.crypto.Keys.K2;
import static com.crm.integrations.token.crypto.Keys.key;
import static com.crm.integrations.token.crypto.Keys.ring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.AEADBadTagException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenSealerTest {

    private static final String TOKEN = "ya29.a0AfB_byC-example-access-token-0123456789";

    private final TokenSealer sealer = new TokenSealer(ring("k1", key("k1", K1)));

    @ParameterizedTest
    @EnumSource(TokenField.class)
    void unsealsWhatItSealedForEachField(TokenField field) {
        // Given
        SealContext context = new SealContext("tenant-a", "microsoft", UUID.randomUUID(), field);
        Sealed sealed = sealer.seal(TOKEN, context);

        // When
        String plaintext = sealer.unseal(sealed, context);

        // Then
        assertEquals(TOKEN, plaintext);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "x", "ünïcødé tøken ✓ 🔑", "1//0gLk-refresh_token/with+base64=chars" })
    void roundTripsAnyUtf8TextWithAFixedOverhead(String token) {
        // Given
        Sealed sealed = sealer.seal(token, ACCESS);

        // When
        String plaintext = sealer.unseal(sealed, ACCESS);

        // Then
        assertEquals(token, plaintext);
        assertEquals(token.getBytes(StandardCharsets.UTF_8).length + Sealed.OVERHEAD, sealed.length());
        assertEquals(Sealed.FORMAT_VERSION, sealed.ciphertext()[0]);
    }

    @Test
    void recordsTheActiveKeyId() {
        // Given
        TokenSealer twoKeys = new TokenSealer(ring("k2", key("k1", K1), key("k2", K2)));

        // When
        Sealed sealed = twoKeys.seal(TOKEN, ACCESS);

        // Then
        assertEquals("k2", sealed.keyId());
    }

    @Test
    void sealsTheSamePlaintextDifferentlyEachTime() {
        // Given
        Sealed first = sealer.seal(TOKEN, ACCESS);

        // When
        Sealed second = sealer.seal(TOKEN, ACCESS);

        // Then
        assertNotEquals(first, second);
        assertFalse(Arrays.equals(nonce(first), nonce(second)));
    }

    @Test
    void drawsADistinct96BitNonceForEverySeal() {
        // Given
        int seals = 10_000;
        Set<ByteBuffer> nonces = new HashSet<>();

        // When
        for (int i = 0; i < seals; i++) {
            nonces.add(ByteBuffer.wrap(nonce(sealer.seal(TOKEN, ACCESS))));
        }

        // Then
        assertEquals(seals, nonces.size());
        nonces.forEach(nonce -> assertEquals(12, nonce.remaining()));
    }

    @Test
    void ciphertextDoesNotContainThePlaintext() {
        // Given
        byte[] plaintext = "refresh-token-".repeat(100).getBytes(StandardCharsets.UTF_8);

        // When
        byte[] ciphertext = sealer.seal(new String(plaintext, StandardCharsets.UTF_8), ACCESS).ciphertext();

        // Then: not even 8 consecutive bytes of it
        for (int i = 0; i + 8 <= plaintext.length; i++) {
            byte[] window = Arrays.copyOfRange(plaintext, i, i + 8);
            assertEquals(-1, indexOf(ciphertext, window), "plaintext bytes at " + i + " appear in the ciphertext");
        }
    }

    @Test
    void refusesAnotherTenant() {
        assertRefusedUnder(new SealContext("tenant-b", ACCESS.provider(), ACCESS.connectionId(), ACCESS.field()));
    }

    @Test
    void refusesAnotherProvider() {
        assertRefusedUnder(new SealContext(ACCESS.tenantId(), "microsoft", ACCESS.connectionId(), ACCESS.field()));
    }

    @Test
    void refusesAnotherConnection() {
        assertRefusedUnder(new SealContext(ACCESS.tenantId(), ACCESS.provider(), UUID.randomUUID(), ACCESS.field()));
    }

    @Test
    void refusesAnotherField() {
        assertRefusedUnder(new SealContext(ACCESS.tenantId(), ACCESS.provider(), ACCESS.connectionId(),
                TokenField.REFRESH));
    }

    @Test
    void refusesAContextWhoseFieldsOnlyShiftAcrossABoundary() {
        // Given
        SealContext sealedFor = new SealContext("tenant-ab", "c", ACCESS.connectionId(), TokenField.ACCESS);
        Sealed sealed = sealer.seal(TOKEN, sealedFor);
        SealContext shifted = new SealContext("tenant-a", "bc", ACCESS.connectionId(), TokenField.ACCESS);

        // When
        TokenIntegrityException refused = assertThrows(TokenIntegrityException.class,
                () -> sealer.unseal(sealed, shifted));

        // Then
        assertTrue(refused.getMessage().contains("tenant tenant-a"), refused.getMessage());
    }

    @Test
    void refusesEveryFlippedBit() {
        // Given
        byte[] original = sealer.seal("short-token", ACCESS).ciphertext();

        for (int bit = 0; bit < original.length * 8; bit++) {
            byte[] tampered = original.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            Sealed sealed = new Sealed("k1", tampered);

            // When
            int flipped = bit;
            TokenIntegrityException refused = assertThrows(TokenIntegrityException.class,
                    () -> sealer.unseal(sealed, ACCESS), () -> "bit " + flipped);

            // Then
            assertFalse(refused.getMessage().contains("short-token"));
        }
    }

    @Test
    void refusesAValueSealedUnderAnotherKeyWithTheSameId() {
        // Given
        Sealed sealed = sealer.seal(TOKEN, ACCESS);
        TokenSealer otherKeySameId = new TokenSealer(ring("k1", key("k1", K2)));

        // When
        TokenIntegrityException refused = assertThrows(TokenIntegrityException.class,
                () -> otherKeySameId.unseal(sealed, ACCESS));

        // Then
        assertTrue(refused.getCause() instanceof AEADBadTagException);
        assertEquals("k1", refused.keyId());
        assertEquals(ACCESS, refused.context());
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 13, 28 })
    void refusesAValueTooShortToHoldNonceAndTag(int length) {
        // Given
        byte[] truncated = Arrays.copyOf(sealer.seal(TOKEN, ACCESS).ciphertext(), length);

        // When
        TokenIntegrityException refused = assertThrows(TokenIntegrityException.class,
                () -> sealer.unseal(new Sealed("k1", truncated), ACCESS));

        // Then
        assertTrue(refused.getMessage().contains("too short (" + length + " bytes"), refused.getMessage());
        assertNull(refused.getCause());
    }

    @Test
    void refusesAValueCutShortByOneByte() {
        // Given
        byte[] whole = sealer.seal(TOKEN, ACCESS).ciphertext();
        Sealed cut = new Sealed("k1", Arrays.copyOf(whole, whole.length - 1));

        // When
        TokenIntegrityException refused = assertThrows(TokenIntegrityException.class, () -> sealer.unseal(cut, ACCESS));

        // Then
        assertTrue(refused.getMessage().contains("authentication tag mismatch"), refused.getMessage());
    }

    @Test
    void refusesAnUnknownFormatVersion() {
        // Given
        byte[] bytes = sealer.seal(TOKEN, ACCESS).ciphertext();
        bytes[0] = 2;

        // When
        TokenIntegrityException refused = assertThrows(TokenIntegrityException.class,
                () -> sealer.unseal(new Sealed("k1", bytes), ACCESS));

        // Then
        assertTrue(refused.getMessage().contains("unknown format version 2"), refused.getMessage());
    }

    @Test
    void refusesAKeyIdTheRingDoesNotHold() {
        // Given
        Sealed sealed = new TokenSealer(ring("k9", key("k9", K2))).seal(TOKEN, ACCESS);

        // When
        UnknownKeyException refused = assertThrows(UnknownKeyException.class, () -> sealer.unseal(sealed, ACCESS));

        // Then
        assertEquals("k9", refused.keyId());
        assertTrue(refused.getMessage().contains("'k9'"), refused.getMessage());
        assertFalse(refused.getMessage().contains("k1"), "names the unknown id only, not the ring's");
    }

    @Test
    void failureMessagesNameKeyAndContextButNoSecret() {
        // Given
        Sealed sealed = sealer.seal(TOKEN, ACCESS);
        TokenSealer otherKey = new TokenSealer(ring("k1", key("k1", K2)));

        // When
        SealException refused = assertThrows(SealException.class, () -> otherKey.unseal(sealed, ACCESS));

        // Then
        String message = refused.getMessage();
        for (String expected : List.of("'k1'", "tenant tenant-a", "provider google",
                "connection " + ACCESS.connectionId(), "field access")) {
            assertTrue(message.contains(expected), () -> message + " lacks " + expected);
        }
        for (String secret : List.of(TOKEN, "ya29", Keys.base64(K1), Keys.base64(K2), Keys.base64(sealed.ciphertext()))) {
            assertFalse(message.contains(secret), () -> message + " contains a secret");
        }
    }

    @Test
    void sealsAndUnsealsCorrectlyFromManyThreadsAtOnce() throws Exception {
        // Given
        TokenSealer twoKeys = new TokenSealer(ring("k2", key("k1", K1), key("k2", K2)));
        Sealed underK1 = sealer.seal(TOKEN, ACCESS);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            workers.add(() -> {
                for (int i = 0; i < 2_000; i++) {
                    SealContext context = new SealContext("tenant-" + worker, "google", UUID.randomUUID(),
                            TokenField.values()[i % 3]);
                    String token = "token-" + worker + "-" + i;
                    if (!twoKeys.unseal(twoKeys.seal(token, context), context).equals(token)
                            || !twoKeys.unseal(underK1, ACCESS).equals(TOKEN)) {
                        return i;
                    }
                }
                return -1;
            });
        }

        // When
        List<Future<Integer>> results;
        try {
            results = pool.invokeAll(workers);
        } finally {
            pool.shutdown();
        }

        // Then
        for (Future<Integer> result : results) {
            assertEquals(-1, result.get());
        }
    }

    @Test
    void exposesNoCiphertextInToString() {
        // Given
        Sealed sealed = sealer.seal(TOKEN, ACCESS);

        // When
        String text = sealed + " " + sealer;

        // Then
        assertEquals("Sealed[keyId='k1', " + sealed.length() + " bytes] TokenSealer[KeyRing[active=k1, ids=[k1]]]",
                text);
    }

    private void assertRefusedUnder(SealContext other) {
        // Given
        Sealed sealed = sealer.seal(TOKEN, ACCESS);

        // When
        TokenIntegrityException refused = assertThrows(TokenIntegrityException.class,
                () -> sealer.unseal(sealed, other));

        // Then
        assertEquals(other, refused.context());
        assertFalse(refused.getMessage().contains(TOKEN));
    }

    private static byte[] nonce(Sealed sealed) {
        return Arrays.copyOfRange(sealed.ciphertext(), 1, 1 + Sealed.NONCE_LENGTH);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
