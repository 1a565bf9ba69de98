package com.crm.integrations.token;

import com.fasterxml.jackson.annotation.JsonValue;

/** The providers a connection can be made to. */
public enum Provider {
    GOOGLE("google"),
    MICROSOFT("microsoft"),
    MAILCHIMP("mailchimp"),
    MAPBOX("mapbox");

    private final String wireName;

    Provider(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String toString() {
        return wireName;
    }
}
