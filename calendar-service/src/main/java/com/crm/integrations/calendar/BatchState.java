package com.crm.integrations.calendar;

import com.crm.integrations.common.events.payload.WireNamed;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a batch job stands. */
public enum BatchState implements WireNamed {
    /** Stored; no item sent yet. */
    QUEUED("queued"),
    /** Items are being sent (or wait for their next attempt). */
    RUNNING("running"),
    /** Every item succeeded. */
    COMPLETED("completed"),
    /** Every item finished, some failed (each with its reason). */
    COMPLETED_WITH_FAILURES("completed_with_failures"),
    /** Cancelled: what was sent before is reported, the rest was not sent. */
    CANCELLED("cancelled"),
    /** The job could not run at all (its link ended): every item not done failed with the job's reason. */
    FAILED("failed");

    private final String wireName;

    BatchState(String wireName) {
        this.wireName = wireName;
    }

    /** Whether the job is over: nothing of it is sent any more. */
    public boolean isFinished() {
        return this != QUEUED && this != RUNNING;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }
}
