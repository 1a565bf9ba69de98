package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which of the command types on {@code mailchimp.commands} a command was. */
public enum MailchimpCommandKind implements WireNamed {
    /** {@code mailchimp.member-command.v1}: one member. */
    MEMBER("member"),
    /** {@code mailchimp.subscribe-command.v1}: many members at once. */
    SUBSCRIBE("subscribe"),
    /** {@code mailchimp.campaign-command.v1}: a campaign. */
    CAMPAIGN("campaign");

    private final String wireName;

    MailchimpCommandKind(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
