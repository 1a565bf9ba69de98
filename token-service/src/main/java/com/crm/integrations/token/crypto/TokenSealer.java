package com.crm.integrations.token.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals tokens with AES-256-GCM under the {@link KeyRing}'s active key and unseals them with the key
 * their {@link Sealed#keyId()} names. Each seal draws a fresh random 96-bit nonce from one shared
 * {@link SecureRandom}; the associated data is the {@link SealContext}'s, so a ciphertext only opens
 * for the row and field it was sealed for.
 *
 * <p>Thread-safe: the ring is immutable, {@code SecureRandom} is thread-safe, and a {@link Cipher} (which
 * is not) is kept per thread and initialised afresh (key, nonce) for every call. Per thread rather than
 * per call because {@code Cipher.getInstance} plus a new cipher's set-up doubled to tripled the cost of
 * a seal (p50 3.4 against 1.7 µs for a 2 KB token, 2.7 against 0.8 µs for 512 B: bench/seal.sh).
 */
public class TokenSealer {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int TAG_BITS = Sealed.TAG_LENGTH * 8;
    private static final int HEADER = 1 + Sealed.NONCE_LENGTH;

    /** Request threads are pooled, so this holds one small object per pool thread. */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(TokenSealer::newCipher);

    private final KeyRing ring;
    private final SecureRandom random = new SecureRandom();

    public TokenSealer(KeyRing ring) {
        this.ring = Objects.requireNonNull(ring, "ring");
    }

    public KeyRing keyRing() {
        return ring;
    }

    /** The id new seals record; rows with another id are due for {@link #reseal}. */
    public String activeKeyId() {
        return ring.active().id();
    }

    /** Seals {@code plaintext} (UTF-8) for {@code context} under the active key, with a fresh nonce. */
    public Sealed seal(String plaintext, SealContext context) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(context, "context");
        EncryptionKey key = ring.active();
        byte[] nonce = new byte[Sealed.NONCE_LENGTH];
        random.nextBytes(nonce);
        byte[] input = plaintext.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.associatedData());
            byte[] out = new byte[HEADER + input.length + Sealed.TAG_LENGTH];
            out[0] = Sealed.FORMAT_VERSION;
            System.arraycopy(nonce, 0, out, 1, Sealed.NONCE_LENGTH);
            cipher.doFinal(input, 0, input.length, out, HEADER);
            return new Sealed(key.id(), out);
        } catch (GeneralSecurityException e) {
            // AES-GCM is mandatory in every JDK and the key is 32 bytes: a broken platform, not bad input.
            throw new IllegalStateException("AES-GCM encryption failed under key '" + key.id() + "' (" + context + ")",
                    e);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    /**
     * Unseals {@code sealed} for {@code context} with the key its id names.
     *
     * @throws UnknownKeyException      if the ring has no key with that id
     * @throws TokenIntegrityException  if the value is damaged, was tampered with, or was sealed for
     *                                  another context or under another key
     */
    public String unseal(Sealed sealed, SealContext context) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(context, "context");
        String keyId = sealed.keyId();
        EncryptionKey key = ring.get(keyId).orElseThrow(() -> new UnknownKeyException(keyId, context));
        byte[] bytes = sealed.bytes();
        if (bytes.length < Sealed.OVERHEAD) {
            throw new TokenIntegrityException("too short (" + bytes.length + " bytes, at least " + Sealed.OVERHEAD
                    + " expected)", keyId, context, null);
        }
        if (bytes[0] != Sealed.FORMAT_VERSION) {
            throw new TokenIntegrityException("unknown format version " + (bytes[0] & 0xff), keyId, context, null);
        }
        byte[] plain = null;
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, bytes, 1,
                    Sealed.NONCE_LENGTH));
            cipher.updateAAD(context.associatedData());
            plain = cipher.doFinal(bytes, HEADER, bytes.length - HEADER);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new TokenIntegrityException("authentication tag mismatch (changed bytes, another row or field, or"
                    + " another key under this id)", keyId, context, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed under key '" + keyId + "' (" + context + ")",
                    e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /**
     * Moves {@code sealed} under the active key: unseals it with its own key and seals the plaintext
     * again with a fresh nonce. A value already under the active key is returned as it is, without
     * being decrypted, so a rotation batch that runs twice does no work the second time (a damaged
     * value then surfaces on its next {@link #unseal}, not here).
     *
     * @throws UnknownKeyException     as {@link #unseal}
     * @throws TokenIntegrityException as {@link #unseal}
     */
    public Sealed reseal(Sealed sealed, SealContext context) {
        Objects.requireNonNull(sealed, "sealed");
        if (sealed.keyId().equals(activeKeyId())) {
            return sealed;
        }
        return seal(unseal(sealed, context), context);
    }

    @Override
    public String toString() {
        return "TokenSealer[" + ring + "]";
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(TRANSFORMATION + " is not available in this JDK", e);
        }
    }
}
