package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a batch job of calendar-service ended ({@code calendar.batch-completed.v2}'s {@code state}). */
public enum CalendarBatchOutcome implements WireNamed {
    /** Every item was carried out: none failed, none was cancelled. */
    COMPLETED("completed"),
    /** Every item was tried and some failed for good (after retries); none was cancelled. */
    COMPLETED_WITH_FAILURES("completed_with_failures"),
    /** The CRM cancelled the job before it ended: the items not sent by then were cancelled. */
    CANCELLED("cancelled"),
    /**
     * The job could not run at all: its calendar link ended, or the command was invalid. The event's
     * {@code failureReason} says why.
     */
    FAILED("failed");

    private final String wireName;

    CalendarBatchOutcome(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
