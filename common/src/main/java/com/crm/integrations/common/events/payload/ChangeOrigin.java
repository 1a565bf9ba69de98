package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which side of a two-way sync made a change. */
public enum ChangeOrigin implements WireNamed {
    /** Someone changed the event in the provider's calendar; the sync brought it to the CRM. */
    PROVIDER("provider"),
    /** The CRM asked for the change (a {@code calendar.commands} message) and calendar-service wrote it to the provider. */
    CRM("crm");

    private final String wireName;

    ChangeOrigin(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
