package com.crm.integrations.token.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A sealed secret as a row stores it: the id of the key it was sealed with, and
 * {@code ciphertext = version (1 byte, 1) || nonce (12 bytes) || AES-GCM ciphertext || tag (16 bytes)}.
 * The bytes are copied in and out; equality is by content; {@code toString} shows the key id and the
 * length only.
 *
 * <p>Any bytes are accepted here (a row read from the database may be damaged); {@link TokenSealer#unseal}
 * is what rejects a bad one, with a {@link TokenIntegrityException}.
 */
public record Sealed(String keyId, byte[] ciphertext) {

    /** The format this class writes. */
    public static final byte FORMAT_VERSION = 1;
    /** 96-bit GCM nonce. */
    public static final int NONCE_LENGTH = 12;
    /** 128-bit GCM tag. */
    public static final int TAG_LENGTH = 16;
    /** Bytes added to the plaintext's UTF-8 length: version, nonce and tag. */
    public static final int OVERHEAD = 1 + NONCE_LENGTH + TAG_LENGTH;

    public Sealed {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(ciphertext, "ciphertext");
        ciphertext = ciphertext.clone();
    }

    /** A copy of the stored bytes. */
    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** The stored length, without copying. */
    public int length() {
        return ciphertext.length;
    }

    /** The bytes without a copy, for the sealer only. */
    byte[] bytes() {
        return ciphertext;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Sealed)) {
            return false;
        }
        Sealed that = (Sealed) other;
        return keyId.equals(that.keyId) && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * keyId.hashCode() + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "Sealed[keyId=" + KeyIds.describe(keyId) + ", " + ciphertext.length + " bytes]";
    }
}
