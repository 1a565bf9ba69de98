package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a connection works, and if not, who has to act. */
public enum ConnectionStatus {
    /** Works. */
    @JsonProperty("active")
    ACTIVE,
    /** The provider refused the user's grant (expired, revoked, consent removed): the user must reconnect. */
    @JsonProperty("needs_reauth")
    NEEDS_REAUTH,
    /** The provider refused our own application's credentials or configuration: an operator must fix it. */
    @JsonProperty("misconfigured")
    MISCONFIGURED,
    /** Failing for another reason (the provider keeps failing or rejects the request); retries continue. */
    @JsonProperty("error")
    ERROR,
    /** Disconnected; final. A new connection starts over with {@code created} or {@code reconnected}. */
    @JsonProperty("revoked")
    REVOKED
}
