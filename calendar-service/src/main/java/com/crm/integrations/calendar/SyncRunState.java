package com.crm.integrations.calendar;

import com.crm.integrations.common.events.payload.WireNamed;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a sync run stands. */
public enum SyncRunState implements WireNamed {
    /** Listing pages; a restart resumes it from its stored page cursor. */
    RUNNING("running"),
    /** Finished: the link's cursor moved on. */
    SUCCEEDED("succeeded"),
    /** Stopped by an error; nothing it had not finished counts as seen, and the next run starts over or resumes. */
    FAILED("failed"),
    /** Stopped before deleting: the complete listing lacked more of the calendar than the mass-delete guard allows. */
    HALTED("halted");

    private final String wireName;

    SyncRunState(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }
}
