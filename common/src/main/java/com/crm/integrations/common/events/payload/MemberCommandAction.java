package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a CRM command asks mailchimp-service to do to one audience member. */
public enum MemberCommandAction implements WireNamed {
    /** Add the address to the audience, or update the member it is (Mailchimp's PUT with {@code status_if_new}). */
    UPSERT("upsert"),
    /** Add or remove tags (with the tenant's tag prefix) on an existing member. */
    SET_TAGS("set_tags"),
    /** Unsubscribe the member (an address that is not in the audience is added as unsubscribed: never mailed). */
    UNSUBSCRIBE("unsubscribe");

    private final String wireName;

    MemberCommandAction(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
