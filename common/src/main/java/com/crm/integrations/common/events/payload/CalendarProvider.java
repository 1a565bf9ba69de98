package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonValue;

/** The calendar providers calendar-service syncs with. */
public enum CalendarProvider implements WireNamed {
    /** Google Calendar API v3. */
    GOOGLE("google"),
    /** Outlook calendars through Microsoft Graph. */
    MICROSOFT("microsoft");

    private final String wireName;

    CalendarProvider(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
