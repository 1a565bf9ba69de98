package com.crm.integrations.calendar.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.common.events.payload.CalendarEventCommandV1;
import com.crm.integrations.common.events.payload.CalendarEventFields;
import com.crm.integrations.common.events.payload.CalendarProvider;

/** {@code POST /calendar/events}: write a CRM activity's event into a user's calendar. */
@Schema(description = "A CRM activity's event to write into a user's calendar")
public record EventRequest(
        @Schema(description = "The CRM activity's id; its later changes go to PATCH /calendar/events/{crmEventId}")
        @NotBlank @Size(max = CalendarEventCommandV1.CRM_EVENT_ID_MAX_LENGTH) String crmEventId,
        @Schema(description = "Whose calendar (default: the caller's; another user's needs a tenant admin)") String userId,
        @Schema(description = "Which of the user's calendar links, when there are several") UUID linkId,
        @Schema(description = "Which provider's link, when the user has links at both") CalendarProvider provider,
        @Schema(description = "The event's title") String title,
        String description,
        String location,
        @Schema(description = "A timed event's start") Instant startsAt,
        @Schema(description = "A timed event's end") Instant endsAt,
        @Schema(description = "Whole days, startDate to endDate (exclusive), instead of times") Boolean allDay,
        LocalDate startDate,
        LocalDate endDate,
        @Schema(description = "The IANA zone the event is shown in (default UTC)") String timeZone) {

    CalendarEventFields fields() {
        return new CalendarEventFields(title, description, location, startsAt, endsAt, allDay, startDate, endDate, timeZone);
    }
}
