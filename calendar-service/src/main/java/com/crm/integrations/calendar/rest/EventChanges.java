package com.crm.integrations.calendar.rest;

import java.time.Instant;
import java.time.LocalDate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.common.events.payload.CalendarEventFields;

/** {@code PATCH /calendar/events/{crmEventId}}: the fields that change; absent or null ones stay; "" clears a text. */
@Schema(description = "The fields of a CRM activity's event that change (times and dates change together)")
public record EventChanges(
        String title,
        String description,
        String location,
        Instant startsAt,
        Instant endsAt,
        Boolean allDay,
        LocalDate startDate,
        LocalDate endDate,
        String timeZone) {

    CalendarEventFields fields() {
        return new CalendarEventFields(title, description, location, startsAt, endsAt, allDay, startDate, endDate, timeZone);
    }
}
