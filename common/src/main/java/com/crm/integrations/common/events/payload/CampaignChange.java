package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happened to a Mailchimp campaign. */
public enum CampaignChange {
    /** mailchimp-service created it for the CRM ({@code POST /campaigns}); status {@code save}. */
    @JsonProperty("created")
    CREATED,
    /** mailchimp-service changed its settings or content for the CRM. */
    @JsonProperty("updated")
    UPDATED,
    /** Mailchimp accepted the send ({@code actions/send} answered 204); the send itself is reported as {@code sent}. */
    @JsonProperty("send_requested")
    SEND_REQUESTED,
    /** Mailchimp reported the campaign sent (the audience webhook of type {@code campaign}). */
    @JsonProperty("sent")
    SENT,
    /** Mailchimp reported the send cancelled (the same webhook, on cancellation). */
    @JsonProperty("canceled")
    CANCELED
}
