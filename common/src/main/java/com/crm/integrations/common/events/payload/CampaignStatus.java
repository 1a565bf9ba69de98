package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A Mailchimp campaign's {@code status}, with Mailchimp's own values. */
public enum CampaignStatus {
    /** A draft (what a new campaign starts as). */
    @JsonProperty("save")
    SAVE,
    /** Paused (automations). */
    @JsonProperty("paused")
    PAUSED,
    /** Scheduled for a later send. */
    @JsonProperty("schedule")
    SCHEDULE,
    /** Being sent. */
    @JsonProperty("sending")
    SENDING,
    /** Sent. */
    @JsonProperty("sent")
    SENT,
    /** A cancellation was requested while sending. */
    @JsonProperty("canceling")
    CANCELING,
    /** Cancelled. */
    @JsonProperty("canceled")
    CANCELED,
    /** Archived. */
    @JsonProperty("archived")
    ARCHIVED
}
