package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a connection works, and if not, who has to act. */
public enum ConnectionStatus implements WireNamed {
    /** Works. */
    ACTIVE("active"),
    /** The provider refused the user's grant (expired, revoked, consent removed): the user must reconnect. */
    NEEDS_REAUTH("needs_reauth"),
    /** The provider refused our own application's credentials or configuration: an operator must fix it. */
    MISCONFIGURED("misconfigured"),
    /** Failing for another reason (the provider keeps failing or rejects the request); retries continue. */
    ERROR("error"),
    /** Disconnected; final. A new connection starts over with {@code created} or {@code reconnected}. */
    REVOKED("revoked");

    private final String wireName;

    ConnectionStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
