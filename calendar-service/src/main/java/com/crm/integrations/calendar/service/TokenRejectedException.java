package com.crm.integrations.calendar.service;

/** The provider refused the connection's token and token-service confirmed it: the user must reconnect. */
public class TokenRejectedException extends RuntimeException {

    public TokenRejectedException(String connectionId) {
        super("The provider refused the token of connection " + connectionId + " and token-service confirmed it",
                null, false, false);
    }
}
