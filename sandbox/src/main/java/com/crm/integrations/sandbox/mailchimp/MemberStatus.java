package com.crm.integrations.sandbox.mailchimp;

import java.util.Arrays;
import java.util.Optional;

/** A member's {@code status} (PROVIDERS.md §5.3); {@code archived} appears in responses only. */
public enum MemberStatus {
    SUBSCRIBED("subscribed"),
    UNSUBSCRIBED("unsubscribed"),
    CLEANED("cleaned"),
    PENDING("pending"),
    TRANSACTIONAL("transactional"),
    ARCHIVED("archived");

    private final String wireName;

    MemberStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<MemberStatus> ofWireName(String name) {
        return Arrays.stream(values()).filter(status -> status.wireName.equals(name)).findFirst();
    }
}
