package com.crm.integrations.token.crypto;

import java.util.Objects;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 key of the {@link KeyRing} and the id every row sealed with it records. Its
 * {@code toString} masks the key; the key itself is only handed to the {@link TokenSealer}.
 */
public final class EncryptionKey {

    /** AES-256: 32 bytes. */
    public static final int LENGTH = 32;

    private final String id;
    private final SecretKeySpec key;

    /**
     * @param id  the key id, {@value KeyIds#RULE}
     * @param key exactly 32 bytes; copied
     * @throws KeyRingException if the id breaks the rule or the key is not 32 bytes
     */
    public EncryptionKey(String id, byte[] key) {
        if (!KeyIds.isValid(id)) {
            throw new KeyRingException("invalid key id " + KeyIds.describe(id) + ": expected " + KeyIds.RULE
                    + " (and not a base64 key)");
        }
        Objects.requireNonNull(key, "key");
        if (key.length != LENGTH) {
            throw new KeyRingException("key '" + id + "' has " + key.length + " bytes; AES-256 needs " + LENGTH);
        }
        this.id = id;
        this.key = new SecretKeySpec(key, "AES"); // SecretKeySpec copies the bytes
    }

    public String id() {
        return id;
    }

    /** The key for the cipher: package-private, so only the sealer uses it. */
    SecretKey secretKey() {
        return key;
    }

    /** Same id and same key bytes (compared in constant time). */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof EncryptionKey)) {
            return false;
        }
        EncryptionKey that = (EncryptionKey) other;
        return id.equals(that.id) && key.equals(that.key);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "EncryptionKey[id=" + id + ", key=***]";
    }
}
