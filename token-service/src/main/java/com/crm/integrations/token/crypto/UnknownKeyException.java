package com.crm.integrations.token.crypto;

/**
 * The value was sealed under a key id the {@link KeyRing} does not hold: a key was removed while rows
 * still used it, or this replica's configuration lags behind. An operator must act; retrying does not
 * help.
 */
public class UnknownKeyException extends SealException {

    private static final long serialVersionUID = 1L;

    public UnknownKeyException(String keyId, SealContext context) {
        super("sealed value names key id " + KeyIds.describe(keyId) + ", which is not in the key ring (" + context
                + ")", keyId, context, null);
    }
}
