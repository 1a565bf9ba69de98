package com.crm.integrations.calendar.client;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * An event (or one occurrence of a series) as the provider lists it, in the terms both providers share.
 * All-day events carry their dates (end exclusive) and run from midnight UTC of the first to midnight
 * UTC of the last, so every event has instants to sort and window by.
 *
 * @param providerEventId Google {@code id}, Graph {@code id}
 * @param icalUid         {@code iCalUID} / {@code iCalUId}
 * @param etag            Google {@code etag}, Graph {@code changeKey}: changes on every edit
 * @param title           {@code summary} / {@code subject}
 * @param location        {@code location} / {@code location.displayName}; null when none
 * @param status          {@code confirmed} or {@code tentative}
 * @param timeZone        the zone the event was made in, when the provider says
 * @param seriesId        the series this is an occurrence of ({@code recurringEventId} / {@code seriesMasterId})
 * @param originalStart   the occurrence's start before any change to it (keys it within its series)
 * @param crmEventId      the CRM's id written on the event by us (Google private property {@code crmId}); null when none
 * @param transactionId   Graph's {@code transactionId} (our creates set it); null on Google
 * @param updatedAt       when it last changed at the provider
 */
public record ProviderEvent(
        String providerEventId,
        String icalUid,
        String etag,
        String title,
        String location,
        String status,
        boolean allDay,
        Instant startsAt,
        Instant endsAt,
        LocalDate startDate,
        LocalDate endDate,
        String timeZone,
        String seriesId,
        Instant originalStart,
        String crmEventId,
        String transactionId,
        Instant updatedAt) {

    public ProviderEvent {
        Objects.requireNonNull(providerEventId, "providerEventId");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        if (endsAt.isBefore(startsAt)) {
            throw new IllegalArgumentException("Event " + providerEventId + " ends before it starts");
        }
        if (allDay && (startDate == null || endDate == null || !endDate.isAfter(startDate))) {
            throw new IllegalArgumentException("All-day event " + providerEventId + " needs dates, the end after the start");
        }
        if ((seriesId == null) != (originalStart == null)) {
            throw new IllegalArgumentException("Occurrence " + providerEventId + " needs both its series and its original start");
        }
    }

    /** Midnight UTC of a date: the instant an all-day event starts or ends at. */
    public static Instant midnight(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
