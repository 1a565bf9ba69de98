package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which side of a two-way sync made a change. */
public enum ChangeOrigin {
    /** Someone changed the event in the provider's calendar; the sync brought it to the CRM. */
    @JsonProperty("provider")
    PROVIDER,
    /** The CRM asked for the change (a {@code calendar.commands} message) and calendar-service wrote it to the provider. */
    @JsonProperty("crm")
    CRM
}
