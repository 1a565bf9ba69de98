package com.crm.integrations.common.events.payload;

import java.time.Instant;

/**
 * {@code crm.integrations.calendar.synced.v1}, on {@code integrations.calendar-events}: a sync round of one
 * calendar finished (a full listing, or an incremental one from the stored {@code syncToken} / {@code deltaLink}).
 * The single changes are {@code calendar.event-changed} events, published before this one.
 *
 * <p>Superseded by {@code calendar.synced.v2} ({@link CalendarSyncedV2}) for new publishers: calendar-service publishes
 * v2 only, so no one publishes this version. It stays in the catalog until it is removed.
 *
 * @param connectionId the connection's id in token-service
 * @param provider     the calendar's provider
 * @param ownerUserId  the CRM user whose calendar it is
 * @param calendarId   the provider's calendar id ({@code primary} for a Google user's main calendar)
 * @param fullSync     {@code true} for a full listing (first sync, or the provider invalidated the sync token),
 *                     {@code false} for an incremental one
 * @param created      how many events the round created in the CRM's copy
 * @param updated      how many it updated
 * @param deleted      how many it deleted
 * @param syncedAt     when the round finished
 * @deprecated publish and read {@link CalendarSyncedV2}
 */
@Deprecated
public record CalendarSyncedV1(
        String connectionId,
        CalendarProvider provider,
        String ownerUserId,
        String calendarId,
        boolean fullSync,
        int created,
        int updated,
        int deleted,
        Instant syncedAt) {

    public CalendarSyncedV1 {
        Checks.text(connectionId, "connectionId");
        Checks.required(provider, "provider");
        Checks.text(ownerUserId, "ownerUserId");
        Checks.text(calendarId, "calendarId");
        Checks.count(created, "created");
        Checks.count(updated, "updated");
        Checks.count(deleted, "deleted");
        Checks.required(syncedAt, "syncedAt");
    }
}
