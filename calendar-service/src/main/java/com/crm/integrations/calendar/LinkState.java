package com.crm.integrations.calendar;

import com.crm.integrations.common.events.payload.WireNamed;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a calendar link syncs. */
public enum LinkState implements WireNamed {
    /** Syncs on its schedule and on request. */
    ACTIVE("active"),
    /** Stopped until its reason clears (the user reconnects, the user resumes it); keeps its cursor. */
    PAUSED("paused"),
    /** Stopped for good on its calendar: the provider no longer has it (404). The user picks another calendar. */
    DISABLED("disabled"),
    /** The connection was revoked: the link is kept for the record and never syncs again. */
    ENDED("ended");

    private final String wireName;

    LinkState(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }
}
