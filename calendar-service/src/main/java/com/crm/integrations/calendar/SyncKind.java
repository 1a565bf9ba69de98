package com.crm.integrations.calendar;

import com.crm.integrations.common.events.payload.WireNamed;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a sync run lists the calendar. */
public enum SyncKind implements WireNamed {
    /** Every event in the window, from the first page; what the complete listing lacks is deleted afterwards. */
    FULL("full"),
    /** Only what changed since the stored cursor (Google syncToken, Graph deltaLink). */
    INCREMENTAL("incremental");

    private final String wireName;

    SyncKind(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }
}
