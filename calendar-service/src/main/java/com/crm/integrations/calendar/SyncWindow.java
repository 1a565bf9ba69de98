package com.crm.integrations.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The span of time a link keeps in step: an event belongs to it when it ends after {@code from} and
 * starts before {@code until} (the bounds Google's {@code timeMin}/{@code timeMax} apply).
 */
public record SyncWindow(Instant from, Instant until) {

    public SyncWindow {
        if (from == null || until == null || !until.isAfter(from)) {
            throw new IllegalArgumentException("A sync window ends after it starts");
        }
    }

    /** The window of the tenant's settings around {@code now}, from and to midnight UTC so it moves once a day. */
    public static SyncWindow around(Instant now, CalendarSyncSettings settings) {
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        return new SyncWindow(today.minus(Duration.ofDays(settings.pastDays())),
                today.plus(Duration.ofDays(settings.futureDays() + 1L)));
    }

    /** Whether an event from {@code startsAt} to {@code endsAt} falls in it. */
    public boolean holds(Instant startsAt, Instant endsAt) {
        return endsAt.isAfter(from) && startsAt.isBefore(until);
    }
}
