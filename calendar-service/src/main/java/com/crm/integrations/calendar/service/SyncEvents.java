package com.crm.integrations.calendar.service;

import java.time.Instant;

import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.SyncedEvent;
import com.crm.integrations.common.events.payload.CalendarEventChange;
import com.crm.integrations.common.events.payload.CalendarEventChangedV2;
import com.crm.integrations.common.events.payload.ChangeOrigin;

/** The payloads calendar-service publishes about a link's events. */
final class SyncEvents {

    private SyncEvents() {
    }

    /** A provider's change to one stored event; a deletion carries its identity, not its times. */
    static CalendarEventChangedV2 changed(CalendarLink link, SyncedEvent event, CalendarEventChange change, Instant changedAt) {
        return changed(link, event, change, ChangeOrigin.PROVIDER, changedAt);
    }

    /** The CRM moved the event out of the link's calendar to {@code destination} (a batch's move): it lives there now. */
    static CalendarEventChangedV2 moved(CalendarLink link, SyncedEvent event, String destination, Instant changedAt) {
        return new CalendarEventChangedV2(link.connectionId, link.id.toString(), link.provider, link.ownerUserId, destination,
                event.providerEventId, event.crmEventId, event.seriesId, event.originalStart, CalendarEventChange.UPDATED,
                ChangeOrigin.CRM, event.allDay, event.startsAt, event.endsAt, event.allDay ? event.startDate : null,
                event.allDay ? event.endDate : null, changedAt);
    }

    /** A change to one event, by the provider's user or by the CRM's command; a deletion carries its identity, not its times. */
    static CalendarEventChangedV2 changed(CalendarLink link, SyncedEvent event, CalendarEventChange change, ChangeOrigin origin,
            Instant changedAt) {
        boolean deleted = change == CalendarEventChange.DELETED;
        return new CalendarEventChangedV2(link.connectionId, link.id.toString(), link.provider, link.ownerUserId,
                link.calendarId, event.providerEventId, event.crmEventId, event.seriesId, event.originalStart, change,
                origin, event.allDay, deleted ? null : event.startsAt, deleted ? null : event.endsAt,
                deleted || !event.allDay ? null : event.startDate, deleted || !event.allDay ? null : event.endDate, changedAt);
    }
}
