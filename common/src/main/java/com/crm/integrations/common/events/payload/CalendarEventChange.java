package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happened to a calendar event. */
public enum CalendarEventChange {
    /** The event is new. */
    @JsonProperty("created")
    CREATED,
    /** The event's time or content changed. */
    @JsonProperty("updated")
    UPDATED,
    /** The event was deleted or cancelled (Google {@code status: cancelled}, Graph {@code @removed}). */
    @JsonProperty("deleted")
    DELETED
}
