package com.crm.integrations.mailchimp.webhook;

import java.util.Arrays;
import java.util.Optional;

import com.crm.integrations.common.events.payload.WireNamed;

/** The {@code type} of a Mailchimp audience webhook post (PROVIDERS.md §6.2). */
public enum WebhookType implements WireNamed {
    SUBSCRIBE("subscribe"),
    UNSUBSCRIBE("unsubscribe"),
    PROFILE("profile"),
    UPEMAIL("upemail"),
    CLEANED("cleaned"),
    CAMPAIGN("campaign");

    private final String wireName;

    WebhookType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static Optional<WebhookType> of(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }
}
