package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a CRM command asks calendar-service to do to the calendar event of one CRM activity. */
public enum CalendarCommandAction implements WireNamed {
    /** Write the activity's event into the user's calendar (a live one is updated instead). */
    CREATE("create"),
    /** Change the fields given, leave the others as they are. */
    UPDATE("update"),
    /** Remove the activity's event from the calendar (done already when there is none). */
    DELETE("delete"),
    /**
     * Move the event to another calendar of the same account (Google's {@code events.move}): a batch's operation only
     * ({@code POST /calendar/batches}); a single command naming it is invalid.
     */
    MOVE("move");

    private final String wireName;

    CalendarCommandAction(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
