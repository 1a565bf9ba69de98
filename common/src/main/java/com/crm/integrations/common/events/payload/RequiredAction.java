package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who has to do what after a failure, so that a consumer can route it without knowing provider error codes. */
public enum RequiredAction {
    /** Nothing: the failure needs no follow-up (e.g. the request itself was wrong and was dropped). */
    @JsonProperty("none")
    NONE,
    /** Nothing yet: the service retries by itself (at {@code retryAt} when known). */
    @JsonProperty("wait_and_retry")
    WAIT_AND_RETRY,
    /** The connection's user must go through the provider's consent screen again. */
    @JsonProperty("user_must_reconnect")
    USER_MUST_RECONNECT,
    /** An operator must fix our application's registration, credentials or configuration. */
    @JsonProperty("operator_must_fix")
    OPERATOR_MUST_FIX
}
