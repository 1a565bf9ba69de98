package com.crm.integrations.calendar.client;

/**
 * token-service hands out no token for the connection until someone acts (409: revoked, the user must
 * reconnect, an operator must fix the provider's app; 404: it no longer exists). The message is
 * token-service's detail, which names no secret.
 */
public class ConnectionUnusableException extends RuntimeException {

    private final boolean gone;

    public ConnectionUnusableException(String message, boolean gone) {
        super(message, null, false, false);
        this.gone = gone;
    }

    /** Whether the connection no longer exists at all (404). */
    public boolean gone() {
        return gone;
    }
}
