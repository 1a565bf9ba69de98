package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who has to do what after a failure, so that a consumer can route it without knowing provider error codes. */
public enum RequiredAction implements WireNamed {
    /** Nothing: the failure needs no follow-up (e.g. the request itself was wrong and was dropped). */
    NONE("none"),
    /** Nothing yet: the service retries by itself (at {@code retryAt} when known). */
    WAIT_AND_RETRY("wait_and_retry"),
    /** The connection's user must go through the provider's consent screen again. */
    USER_MUST_RECONNECT("user_must_reconnect"),
    /** An operator must fix our application's registration, credentials or configuration. */
    OPERATOR_MUST_FIX("operator_must_fix"),
    /**
     * The user must pick another calendar to sync: the one linked is gone (deleted, or no longer shared with the
     * connected account), so neither reconnecting nor waiting helps. Only {@code calendar.sync-failed} (from v2) says
     * this; {@code token.refresh-failed} never does.
     */
    USER_MUST_CHOOSE_CALENDAR("user_must_choose_calendar");

    private final String wireName;

    RequiredAction(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
