package com.crm.integrations.common.events.payload;

import java.time.Instant;

/**
 * {@code crm.integrations.calendar.synced.v2}, on {@code integrations.calendar-events}: what {@link CalendarSyncedV1}
 * says, plus the calendar link it synced and how many of the link's events calendar-service now holds. calendar-service
 * publishes this version only. The single changes are {@code calendar.event-changed.v2} events, published before this
 * one.
 *
 * @param connectionId   the connection's id in token-service
 * @param linkId         calendar-service's id of the calendar link (one user's calendar, synced through one
 *                       connection): a UUID, lower case
 * @param provider       the calendar's provider
 * @param ownerUserId    the CRM user whose calendar it is
 * @param calendarId     the provider's calendar id ({@code primary} for a Google user's main calendar)
 * @param fullSync       {@code true} for a full listing (first sync, or the provider invalidated the sync token),
 *                       {@code false} for an incremental one
 * @param created        how many events the round created in the CRM's copy
 * @param updated        how many it updated
 * @param deleted        how many it deleted
 * @param totalEvents    how many of the link's synced events calendar-service holds after the round (0 or more)
 * @param upcomingEvents how many of those had not ended when the round finished (their end after {@code syncedAt});
 *                       0 or more, at most {@code totalEvents}
 * @param syncedAt       when the round finished
 */
public record CalendarSyncedV2(
        String connectionId,
        String linkId,
        CalendarProvider provider,
        String ownerUserId,
        String calendarId,
        boolean fullSync,
        int created,
        int updated,
        int deleted,
        int totalEvents,
        int upcomingEvents,
        Instant syncedAt) {

    public CalendarSyncedV2 {
        Checks.text(connectionId, "connectionId");
        Checks.uuid(linkId, "linkId");
        Checks.required(provider, "provider");
        Checks.text(ownerUserId, "ownerUserId");
        Checks.text(calendarId, "calendarId");
        Checks.count(created, "created");
        Checks.count(updated, "updated");
        Checks.count(deleted, "deleted");
        Checks.count(totalEvents, "totalEvents");
        Checks.count(upcomingEvents, "upcomingEvents");
        if (upcomingEvents > totalEvents) {
            throw new IllegalArgumentException("upcomingEvents (" + upcomingEvents + ") are some of the link's events, so at most"
                    + " totalEvents (" + totalEvents + ")");
        }
        Checks.required(syncedAt, "syncedAt");
    }
}
