package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** How mailchimp-service learnt of a member change. */
public enum SubscriberSource implements WireNamed {
    /** From one of Mailchimp's audience webhooks (near real time, unordered, at least once). */
    WEBHOOK("webhook"),
    /** From reading the audience's members through the API (reconciliation of what webhooks missed). */
    SYNC("sync");

    private final String wireName;

    SubscriberSource(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
