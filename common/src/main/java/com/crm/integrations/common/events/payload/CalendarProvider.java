package com.crm.integrations.common.events.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The calendar providers calendar-service syncs with. */
public enum CalendarProvider {
    /** Google Calendar API v3. */
    @JsonProperty("google")
    GOOGLE,
    /** Outlook calendars through Microsoft Graph. */
    @JsonProperty("microsoft")
    MICROSOFT
}
