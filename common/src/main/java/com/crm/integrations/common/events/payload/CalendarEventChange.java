package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to a calendar event. */
public enum CalendarEventChange implements WireNamed {
    /** The event is new. */
    CREATED("created"),
    /** The event's time or content changed. */
    UPDATED("updated"),
    /** The event was deleted or cancelled (Google {@code status: cancelled}, Graph {@code @removed}). */
    DELETED("deleted");

    private final String wireName;

    CalendarEventChange(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
