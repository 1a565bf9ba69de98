package com.crm.integrations.calendar;

import com.crm.integrations.common.events.payload.RequiredAction;
import com.crm.integrations.common.events.payload.WireNamed;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a link is not active, and who must act for it to sync again. */
public enum LinkStateReason implements WireNamed {
    /** The user paused it ({@code PUT /calendar/links/{id}} with {@code paused: true}). */
    PAUSED_BY_USER("paused_by_user", RequiredAction.NONE),
    /** token-service reports the connection {@code needs_reauth}, or confirmed a rejected token: the user must reconnect. */
    NEEDS_REAUTH("needs_reauth", RequiredAction.USER_MUST_RECONNECT),
    /** token-service reports the provider's app misconfigured: an operator must fix it. */
    CONNECTION_MISCONFIGURED("connection_misconfigured", RequiredAction.OPERATOR_MUST_FIX),
    /** token-service reports the connection in error (its refresh keeps failing): it retries on its own. */
    CONNECTION_ERROR("connection_error", RequiredAction.WAIT_AND_RETRY),
    /** The provider answered 404 for the calendar: deleted, or no longer shared with the user. */
    CALENDAR_GONE("calendar_gone", RequiredAction.USER_MUST_CHOOSE_CALENDAR),
    /** The connection was revoked or deleted. */
    CONNECTION_REVOKED("connection_revoked", RequiredAction.USER_MUST_RECONNECT);

    private final String wireName;
    private final RequiredAction requiredAction;

    LinkStateReason(String wireName, RequiredAction requiredAction) {
        this.wireName = wireName;
        this.requiredAction = requiredAction;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }

    /** Who must act for the link to sync again. */
    public RequiredAction requiredAction() {
        return requiredAction;
    }
}
