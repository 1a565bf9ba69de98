package com.crm.integrations.sandbox.mailchimp;

import java.util.Arrays;
import java.util.Optional;

/** The six audience webhook events (PROVIDERS.md §6.2): the post's {@code type} and the webhook's {@code events} flag. */
public enum EventType {
    SUBSCRIBE("subscribe"),
    UNSUBSCRIBE("unsubscribe"),
    PROFILE("profile"),
    CLEANED("cleaned"),
    UPEMAIL("upemail"),
    CAMPAIGN("campaign");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> ofWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
