package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** How mailchimp-service learnt of a member change. */
public enum SubscriberSource implements WireNamed {
    /** From one of Mailchimp's audience webhooks (near real time, unordered, at least once). */
    WEBHOOK("webhook"),
    /** From reading the audience's members through the API (reconciliation of what webhooks missed). */
    SYNC("sync"),
    /**
     * From mailchimp-service's own write to Mailchimp for a CRM command (on {@code mailchimp.commands}). Only
     * {@code subscriber.changed.v2} carries it; {@link SubscriberChangedV1} refuses it.
     */
    COMMAND("command");

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
