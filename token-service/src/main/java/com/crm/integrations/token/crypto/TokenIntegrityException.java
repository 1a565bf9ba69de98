package com.crm.integrations.token.crypto;

/**
 * The value is not an authentic seal for this context under its key: bytes changed, a ciphertext
 * copied to another row or field, the wrong key behind the id, or a damaged value (too short, an
 * unknown format version). Nothing of the plaintext is returned.
 */
public class TokenIntegrityException extends SealException {

    private static final long serialVersionUID = 1L;

    public TokenIntegrityException(String reason, String keyId, SealContext context, Throwable cause) {
        super("sealed value under key id " + KeyIds.describe(keyId) + " failed its integrity check: " + reason
                + " (" + context + ")", keyId, context, cause);
    }
}
