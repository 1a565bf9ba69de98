package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a CRM command asks mailchimp-service to do to a Mailchimp campaign. */
public enum CampaignCommandAction implements WireNamed {
    /** Create a regular campaign for an audience; with {@code content} also fill it, and with {@code send} or {@code scheduleAt} also send or schedule it. */
    CREATE("create"),
    /** Replace the campaign's content. */
    SET_CONTENT("set_content"),
    /** Send the campaign now. */
    SEND("send"),
    /** Schedule the campaign for {@code scheduleAt} (on a quarter hour). */
    SCHEDULE("schedule"),
    /** Take a scheduled campaign back to a draft. */
    UNSCHEDULE("unschedule");

    private final String wireName;

    CampaignCommandAction(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
