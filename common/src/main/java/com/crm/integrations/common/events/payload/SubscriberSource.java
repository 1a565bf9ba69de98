package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How mailchimp-service learnt of a member change. */
public enum SubscriberSource {
    /** From one of Mailchimp's audience webhooks (near real time, unordered, at least once). */
    @JsonProperty("webhook")
    WEBHOOK,
    /** From reading the audience's members through the API (reconciliation of what webhooks missed). */
    @JsonProperty("sync")
    SYNC
}
