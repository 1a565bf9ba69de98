package com.crm.integrations.common.events.payload;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * {@code crm.integrations.calendar.event-changed.v2}, on {@code integrations.calendar-events}: what
 * {@link CalendarEventChangedV1} says, plus the calendar link, all-day dates and the recurring series an occurrence
 * belongs to. calendar-service publishes this version only. Only ids, dates and times travel: the CRM reads titles
 * and attendees through the API.
 *
 * <p><b>All-day events</b> ({@code allDay}) are dates, not instants: {@code startDate} and {@code endDate} (exclusive,
 * as Google gives them) say which days. {@code startsAt} and {@code endsAt} are still given, as midnight UTC of those
 * dates, so that a consumer that ignores {@code allDay} keeps working; a consumer that shows days reads the dates,
 * since midnight UTC is another day's evening west of Greenwich.
 *
 * <p><b>Occurrences of a recurring series</b> name the series ({@code seriesId}) and the start the occurrence had in
 * the series' rule ({@code originalStartsAt}), which stays the same when the occurrence is moved: a cancelled
 * occurrence is known by the two together.
 *
 * @param connectionId     the connection's id in token-service
 * @param linkId           calendar-service's id of the calendar link (one user's calendar, synced through one
 *                         connection): a UUID, lower case
 * @param provider         the calendar's provider
 * @param ownerUserId      the CRM user whose calendar it is
 * @param calendarId       the provider's calendar id
 * @param providerEventId  the provider's event id (Google {@code id}, Graph {@code id})
 * @param crmEventId       the CRM's id of the linked activity; {@code null} when the event was made in the provider
 *                         and nothing in the CRM is linked to it yet
 * @param seriesId         the provider's id of the recurring series this event is an occurrence of (Google
 *                         {@code recurringEventId}, Graph {@code seriesMasterId}); {@code null} for a single event
 *                         or a series itself
 * @param originalStartsAt when the occurrence starts by the series' rule (Google {@code originalStartTime}, Graph
 *                         {@code originalStart}; midnight UTC of the date for an all-day series): present exactly when
 *                         {@code seriesId} is
 * @param change           what happened
 * @param origin           which side made the change
 * @param allDay           whether the event takes whole days; for a deletion, as calendar-service last knew it
 *                         ({@code false} when it never knew the event)
 * @param startsAt         when the event starts (midnight UTC of {@code startDate} for an all-day event);
 *                         {@code null} only when {@code change} is {@code deleted}
 * @param endsAt           when it ends, not before {@code startsAt} (midnight UTC of {@code endDate} for an all-day
 *                         event); {@code null} only when {@code change} is {@code deleted}
 * @param startDate        the all-day event's first day: present exactly when {@code allDay} and not {@code deleted}
 * @param endDate          the day after its last day (exclusive), after {@code startDate}: present exactly when
 *                         {@code startDate} is
 * @param changedAt        when the change was made (the provider's {@code updated} / {@code lastModifiedDateTime}
 *                         when known, else when calendar-service saw it)
 */
public record CalendarEventChangedV2(
        String connectionId,
        String linkId,
        CalendarProvider provider,
        String ownerUserId,
        String calendarId,
        String providerEventId,
        String crmEventId,
        String seriesId,
        Instant originalStartsAt,
        CalendarEventChange change,
        ChangeOrigin origin,
        boolean allDay,
        Instant startsAt,
        Instant endsAt,
        LocalDate startDate,
        LocalDate endDate,
        Instant changedAt) {

    public CalendarEventChangedV2 {
        Checks.text(connectionId, "connectionId");
        Checks.uuid(linkId, "linkId");
        Checks.required(provider, "provider");
        Checks.text(ownerUserId, "ownerUserId");
        Checks.text(calendarId, "calendarId");
        Checks.text(providerEventId, "providerEventId");
        Checks.optionalText(crmEventId, "crmEventId");
        Checks.optionalText(seriesId, "seriesId");
        if ((seriesId == null) != (originalStartsAt == null)) {
            throw new IllegalArgumentException("originalStartsAt is given exactly when seriesId is (an occurrence of a series)");
        }
        Checks.required(change, "change");
        Checks.required(origin, "origin");
        checkTimes(change != CalendarEventChange.DELETED, startsAt, endsAt);
        checkDates(allDay && change != CalendarEventChange.DELETED, startsAt, endsAt, startDate, endDate);
        Checks.required(changedAt, "changedAt");
    }

    /** Midnight UTC of {@code date}: an all-day event's {@code startsAt} or {@code endsAt}. */
    public static Instant midnightUtc(LocalDate date) {
        return Checks.required(date, "date").atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static void checkTimes(boolean present, Instant startsAt, Instant endsAt) {
        if (present) {
            Checks.required(startsAt, "startsAt (unless the event was deleted)");
            Checks.required(endsAt, "endsAt (unless the event was deleted)");
        }
        if (startsAt != null && endsAt != null && endsAt.isBefore(startsAt)) {
            throw new IllegalArgumentException("endsAt must not be before startsAt");
        }
    }

    private static void checkDates(boolean present, Instant startsAt, Instant endsAt, LocalDate startDate,
            LocalDate endDate) {
        if (!present) {
            if (startDate != null || endDate != null) {
                throw new IllegalArgumentException(
                        "startDate and endDate are given only for an all-day event that was not deleted");
            }
            return;
        }
        Checks.required(startDate, "startDate (of an all-day event)");
        Checks.required(endDate, "endDate (of an all-day event)");
        if (!endDate.isAfter(startDate)) {
            throw new IllegalArgumentException("endDate is exclusive, so it must be after startDate");
        }
        if (!startsAt.equals(midnightUtc(startDate)) || !endsAt.equals(midnightUtc(endDate))) {
            throw new IllegalArgumentException("startsAt and endsAt of an all-day event must be midnight UTC of startDate"
                    + " and endDate");
        }
    }
}
