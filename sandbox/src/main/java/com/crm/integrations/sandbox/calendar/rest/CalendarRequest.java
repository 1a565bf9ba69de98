package com.crm.integrations.sandbox.calendar.rest;

/** The JSON body of {@code POST …/calendars}: a name and an IANA time zone (default {@code sandbox.calendar.default-time-zone}). */
public record CalendarRequest(String name, String timeZone) {
}
