package com.crm.integrations.common.events.payload;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The fields of a CRM activity's calendar event, as a command carries them. In a create every field the event
 * needs is given (a title and either times or all-day dates); in an update only those that change, the others
 * absent or null. An empty {@code description} or {@code location} clears it. Which combinations a command may
 * carry is calendar-service's to check (a command it refuses becomes {@code calendar.command-failed.v1}); the
 * record only keeps what cannot be read at all out.
 *
 * @param title       the event's title (Google {@code summary}, Graph {@code subject})
 * @param description its text; {@code ""} clears it
 * @param location    where it takes place; {@code ""} clears it
 * @param startsAt    a timed event's start
 * @param endsAt      a timed event's end
 * @param allDay      whether it takes whole days ({@code startDate} to {@code endDate}) rather than a time
 * @param startDate   an all-day event's first day
 * @param endDate     the day after an all-day event's last day (exclusive, as Google has it)
 * @param timeZone    the IANA zone the event is shown in (default: UTC)
 */
public record CalendarEventFields(
        String title,
        String description,
        String location,
        Instant startsAt,
        Instant endsAt,
        Boolean allDay,
        LocalDate startDate,
        LocalDate endDate,
        String timeZone) {
}
