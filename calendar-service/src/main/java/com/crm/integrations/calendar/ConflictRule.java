package com.crm.integrations.calendar;

import com.crm.integrations.common.events.payload.WireNamed;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What wins when the CRM changes an event that the user changed in their calendar meanwhile (the provider answers a
 * conditional write with 412). Either way nothing is overwritten silently: the CRM is told which version stands.
 */
public enum ConflictRule implements WireNamed {
    /** The user's edit stays; the CRM gets it as a {@code calendar.event-changed} with origin provider. */
    PROVIDER_WINS("provider_wins"),
    /** The CRM's change is written over the user's edit, and the CRM is told it was. */
    CRM_WINS("crm_wins");

    private final String wireName;

    ConflictRule(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }
}
