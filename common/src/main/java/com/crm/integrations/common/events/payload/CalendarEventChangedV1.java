package com.crm.integrations.common.events.payload;

import java.time.Instant;

/**
 * {@code crm.integrations.calendar.event-changed.v1}, on {@code integrations.calendar-events}: one event of a
 * synced calendar was created, updated or deleted, in the provider ({@code origin: provider}) or by the CRM's
 * request ({@code origin: crm}). Only ids and times travel: the CRM reads titles and attendees through the API.
 *
 * <p>Superseded by {@code calendar.event-changed.v2} ({@link CalendarEventChangedV2}) for new publishers:
 * calendar-service publishes v2 only, so no one publishes this version. It stays in the catalog until it is removed.
 *
 * @param connectionId    the connection's id in token-service
 * @param provider        the calendar's provider
 * @param ownerUserId     the CRM user whose calendar it is
 * @param calendarId      the provider's calendar id
 * @param providerEventId the provider's event id (Google {@code id}, Graph {@code id})
 * @param crmEventId      the CRM's id of the linked activity; {@code null} when the event was made in the provider
 *                        and nothing in the CRM is linked to it yet
 * @param change          what happened
 * @param origin          which side made the change
 * @param startsAt        when the event starts; {@code null} only when {@code change} is {@code deleted}
 * @param endsAt          when it ends (not before {@code startsAt}); {@code null} only when {@code change} is
 *                        {@code deleted}
 * @param changedAt       when the change was made (the provider's {@code updated} / {@code lastModifiedDateTime}
 *                        when known, else when calendar-service saw it)
 * @deprecated publish and read {@link CalendarEventChangedV2}
 */
@Deprecated
public record CalendarEventChangedV1(
        String connectionId,
        CalendarProvider provider,
        String ownerUserId,
        String calendarId,
        String providerEventId,
        String crmEventId,
        CalendarEventChange change,
        ChangeOrigin origin,
        Instant startsAt,
        Instant endsAt,
        Instant changedAt) {

    public CalendarEventChangedV1 {
        Checks.text(connectionId, "connectionId");
        Checks.required(provider, "provider");
        Checks.text(ownerUserId, "ownerUserId");
        Checks.text(calendarId, "calendarId");
        Checks.text(providerEventId, "providerEventId");
        Checks.optionalText(crmEventId, "crmEventId");
        Checks.required(change, "change");
        Checks.required(origin, "origin");
        if (change != CalendarEventChange.DELETED) {
            Checks.required(startsAt, "startsAt (unless the event was deleted)");
            Checks.required(endsAt, "endsAt (unless the event was deleted)");
        }
        if (startsAt != null && endsAt != null && endsAt.isBefore(startsAt)) {
            throw new IllegalArgumentException("endsAt must not be before startsAt");
        }
        Checks.required(changedAt, "changedAt");
    }
}
