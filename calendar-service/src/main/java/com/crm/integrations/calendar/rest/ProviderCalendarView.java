package com.crm.integrations.calendar.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.calendar.client.ProviderCalendar;

/** One calendar of the link's account. */
@Schema(name = "ProviderCalendar", description = "A calendar of the linked account, as the provider lists it")
public record ProviderCalendarView(
        @Schema(description = "The provider's calendar id, for PUT /calendar/links/{id}") String id,
        String name,
        @Schema(description = "The account's main calendar") boolean primary,
        @Schema(description = "Whether the account may write to it") boolean canWrite) {

    static ProviderCalendarView of(ProviderCalendar calendar) {
        return new ProviderCalendarView(calendar.id(), calendar.name(), calendar.primary(), calendar.canWrite());
    }
}
