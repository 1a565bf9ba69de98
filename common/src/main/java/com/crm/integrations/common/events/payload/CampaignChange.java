package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to a Mailchimp campaign. */
public enum CampaignChange implements WireNamed {
    /** mailchimp-service created it for the CRM ({@code POST /campaigns}); status {@code save}. */
    CREATED("created"),
    /** mailchimp-service changed its settings or content for the CRM. */
    UPDATED("updated"),
    /** Mailchimp accepted the send ({@code actions/send} answered 204); the send itself is reported as {@code sent}. */
    SEND_REQUESTED("send_requested"),
    /** Mailchimp reported the campaign sent (the audience webhook of type {@code campaign}). */
    SENT("sent"),
    /** Mailchimp reported the send cancelled (the same webhook, on cancellation). */
    CANCELED("canceled");

    private final String wireName;

    CampaignChange(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
