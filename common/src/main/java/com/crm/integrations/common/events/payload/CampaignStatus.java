package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** A Mailchimp campaign's {@code status}, with Mailchimp's own values. */
public enum CampaignStatus implements WireNamed {
    /** A draft (what a new campaign starts as). */
    SAVE("save"),
    /** Paused (automations). */
    PAUSED("paused"),
    /** Scheduled for a later send. */
    SCHEDULE("schedule"),
    /** Being sent. */
    SENDING("sending"),
    /** Sent. */
    SENT("sent"),
    /** A cancellation was requested while sending. */
    CANCELING("canceling"),
    /** Cancelled. */
    CANCELED("canceled"),
    /** Archived. */
    ARCHIVED("archived");

    private final String wireName;

    CampaignStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
