package com.crm.integrations.sandbox.mailchimp;

import java.util.Arrays;
import java.util.Optional;

/**
 * A campaign's {@code status} (PROVIDERS.md §5.3): {@code save} (a draft), {@code schedule}, {@code sending},
 * {@code sent}, and {@code canceled} (only reported through the control API's campaign events).
 */
public enum CampaignStatus {
    SAVE("save"),
    SCHEDULE("schedule"),
    SENDING("sending"),
    SENT("sent"),
    CANCELED("canceled");

    private final String wireName;

    CampaignStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<CampaignStatus> ofWireName(String name) {
        return Arrays.stream(values()).filter(status -> status.wireName.equals(name)).findFirst();
    }
}
