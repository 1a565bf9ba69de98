package com.crm.integrations.calendar.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a user may change on their link: which calendar it syncs, and whether it is paused. */
@Schema(name = "CalendarLinkUpdate")
public record LinkUpdate(
        @Schema(description = "The provider's id of the calendar to sync (one of GET /calendar/links/{id}/calendars), or primary")
        @NotNull @Size(min = 1, max = 1024) @Pattern(regexp = "\\S+", message = "must not contain spaces") String calendarId,
        @Schema(description = "true stops syncing until it is set false again")
        @NotNull Boolean paused) {
}
