package com.crm.integrations.sandbox.mailchimp;

import java.util.Arrays;
import java.util.Optional;

/**
 * Who made a change (PROVIDERS.md §6.1): the subscriber (forms, unsubscribe links), an admin in the Mailchimp UI, or a
 * client of the API; a webhook's {@code sources} flag for each decides whether it hears of the change.
 */
public enum Source {
    USER("user", "Hosted Signup Form"),
    ADMIN("admin", "Admin Add"),
    API("api", "API - Generic");

    private final String wireName;
    private final String memberSource;

    Source(String wireName, String memberSource) {
        this.wireName = wireName;
        this.memberSource = memberSource;
    }

    public String wireName() {
        return wireName;
    }

    /** The member's {@code source} field when this source added it. */
    public String memberSource() {
        return memberSource;
    }

    public static Optional<Source> ofWireName(String name) {
        return Arrays.stream(values()).filter(source -> source.wireName.equals(name)).findFirst();
    }
}
