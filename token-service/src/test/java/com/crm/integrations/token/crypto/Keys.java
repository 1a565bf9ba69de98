package com.crm.integrations.token.crypto;

import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Fixed test keys and contexts. */
final class Keys {

    static final byte[] K1 = bytes(1);
    static final byte[] K2 = bytes(2);

    static final SealContext ACCESS = new SealContext("tenant-a", "google",
            UUID.fromString("7f1c2e9a-52b0-4c3e-9d41-0a6b8f3e2d11"), TokenField.ACCESS);

    private Keys() {
    }

    /** 32 distinct, recognisable bytes. */
    static byte[] bytes(int seed) {
        byte[] key = new byte[EncryptionKey.LENGTH];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 37 + i * 11);
        }
        return key;
    }

    static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    static KeyRing ring(String activeId, EncryptionKey... keys) {
        return KeyRing.of(List.of(keys), activeId);
    }

    static EncryptionKey key(String id, byte[] bytes) {
        return new EncryptionKey(id, bytes);
    }
}
