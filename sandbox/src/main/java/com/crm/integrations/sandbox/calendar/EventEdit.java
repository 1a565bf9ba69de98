package com.crm.integrations.sandbox.calendar;

import java.util.Map;

/**
 * The JSON body of {@code POST …/events} and {@code PATCH …/events/{id}}: what a user types in the provider's own
 * calendar. {@code start}/{@code end}: a date for an all-day event ({@code end} exclusive, default the next day), else a
 * date-time with an offset or a local one read in {@code zone} (default: the calendar's). On an edit, absent fields
 * stay as they are.
 *
 * @param rrule e.g. {@code FREQ=WEEKLY;BYDAY=MO,WE;COUNT=6}; on an edit {@code ""} makes the series a single event
 * @param privateProperties Google's {@code extendedProperties.private} (e.g. the CRM's {@code crmId}); at Microsoft the
 * event's {@code singleValueExtendedProperties}, keyed by their id ({@code String {guid} Name crmId})
 * @param transactionId Graph's idempotency key, set on creation only
 */
public record EventEdit(String calendarId, String title, String description, String location, String start, String end,
        Boolean allDay, String zone, String rrule, Map<String, String> privateProperties, String transactionId) {
}
