package com.crm.integrations.calendar.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.calendar.SyncedEvent;
import com.crm.integrations.calendar.service.EventCommands;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A CRM activity's event in a linked calendar. */
@Schema(name = "ActivityEvent", description = "A CRM activity's event in a linked calendar")
public record ActivityEventView(
        String crmEventId,
        UUID linkId,
        CalendarProvider provider,
        @Schema(description = "1, then one more for each create after a delete") int generation,
        @Schema(description = "The provider's id of the event, once written") String providerEventId,
        @Schema(description = "Whether it was deleted (by the CRM, or in the calendar)") boolean deleted,
        @Schema(description = "The event as last seen at the provider (absent outside the synced window)") Event event,
        @Schema(description = "The activity's latest command") CommandView latestCommand) {

    @Schema(name = "ActivityEventFields")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(String title, boolean allDay, Instant startsAt, Instant endsAt, LocalDate startDate,
            LocalDate endDate, Instant updatedAt) {

        static Event of(SyncedEvent stored) {
            return stored == null ? null : new Event(stored.title, stored.allDay, stored.startsAt, stored.endsAt,
                    stored.allDay ? stored.startDate : null, stored.allDay ? stored.endDate : null, stored.providerUpdatedAt);
        }
    }

    static ActivityEventView of(EventCommands.ActivityEvent activity) {
        return new ActivityEventView(activity.crmEvent().crmEventId, activity.crmEvent().linkId, activity.provider(),
                activity.crmEvent().generation, activity.crmEvent().providerEventId, activity.crmEvent().deleted,
                activity.crmEvent().deleted ? null : Event.of(activity.stored()),
                activity.latest() == null ? null : CommandView.of(activity.latest()));
    }
}
