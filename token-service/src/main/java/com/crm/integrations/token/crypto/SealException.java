package com.crm.integrations.token.crypto;

/**
 * A sealed value could not be unsealed. The message names the key id and the {@link SealContext}
 * (tenant, provider, connection id, field), never the plaintext or key material.
 */
public abstract class SealException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String keyId;
    private final transient SealContext context;

    protected SealException(String message, String keyId, SealContext context, Throwable cause) {
        super(message, cause);
        this.keyId = keyId;
        this.context = context;
    }

    /** The key id the value records (may be one the ring does not know). */
    public String keyId() {
        return keyId;
    }

    /** Where the value was read for. */
    public SealContext context() {
        return context;
    }
}
