package com.crm.integrations.calendar;

import com.crm.integrations.common.events.payload.WireNamed;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a finished CRM command did to the calendar. */
public enum CommandOutcome implements WireNamed {
    /** The event was written as new. */
    CREATED("created"),
    /** The event was changed. */
    UPDATED("updated"),
    /** The event was removed. */
    DELETED("deleted"),
    /** The event was moved to another calendar of the account (a batch's move): it left the linked calendar. */
    MOVED("moved"),
    /** There was no event to remove (never written, or removed before). */
    NOTHING_TO_DELETE("nothing_to_delete"),
    /** The user had changed the event meanwhile; the tenant's rule kept their version and the CRM was told of it. */
    PROVIDER_VERSION_KEPT("provider_version_kept"),
    /** The user had removed the event meanwhile; the CRM was told of the removal. */
    DELETED_IN_CALENDAR("deleted_in_calendar"),
    /** Nothing was written (see the failure). */
    NOT_DONE("not_done");

    private final String wireName;

    CommandOutcome(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }
}
