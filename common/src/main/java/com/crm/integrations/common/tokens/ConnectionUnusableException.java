package com.crm.integrations.common.tokens;

/**
 * token-service hands out no token for the connection until someone acts (409: revoked, the user must
 * reconnect, an operator must fix the provider's app; 404: it does not exist, or no longer). The message is
 * token-service's detail, which names no secret.
 */
public class ConnectionUnusableException extends RuntimeException {

    private final boolean gone;

    public ConnectionUnusableException(String message, boolean gone) {
        super(message, null, false, false);
        this.gone = gone;
    }

    /** Whether the connection does not exist at all (404). */
    public boolean gone() {
        return gone;
    }
}
