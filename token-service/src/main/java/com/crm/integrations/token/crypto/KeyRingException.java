package com.crm.integrations.token.crypto;

/**
 * The key ring configuration is unusable: no key, a malformed entry, a bad or duplicate key id, a key
 * that is not 32 bytes of base64, or an active key id that is missing or unknown. Raised at start-up;
 * the message says which entry and why, and never contains key material.
 */
public class KeyRingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public KeyRingException(String message) {
        super(message);
    }
}
