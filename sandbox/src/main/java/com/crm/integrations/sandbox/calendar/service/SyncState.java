package com.crm.integrations.sandbox.calendar.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import com.crm.integrations.sandbox.calendar.CalendarAccount;

/**
 * What a Google sync token or a Graph delta token stands for: a calendar as it was after one change of its account, and
 * what the listing that issued it showed. Encoded opaquely in the token itself; the account's generation makes expired
 * ones recognisable.
 *
 * @param singleEvents Google: the listing's {@code singleEvents}
 * @param windowStart Graph: the round's {@code startDateTime} ({@code null} at Google)
 * @param windowEnd Graph: the round's {@code endDateTime}
 */
public record SyncState(String calendarId, long seq, long generation, long issuedAt, boolean singleEvents, Instant windowStart,
        Instant windowEnd) {

    private static final String VERSION = "s1";

    public static SyncState google(boolean singleEvents) {
        return new SyncState(null, 0, 0, 0, singleEvents, null, null);
    }

    public static SyncState graph(Instant windowStart, Instant windowEnd) {
        return new SyncState(null, 0, 0, 0, false, windowStart, windowEnd);
    }

    /** This context, for a calendar as it was after change {@code at}. */
    public SyncState at(String calendar, long at, long accountGeneration, Instant now) {
        return new SyncState(calendar, at, accountGeneration, now.toEpochMilli(), singleEvents, windowStart, windowEnd);
    }

    /** Whether it still stands for {@code calendar} of {@code account}: not expired, not from before a reset, not forged. */
    public boolean usableFor(CalendarAccount account, String calendar, Optional<Duration> lifetime, Instant now) {
        return calendar.equals(calendarId) && generation == account.generation() && seq <= account.seq()
                && lifetime.map(maxAge -> Instant.ofEpochMilli(issuedAt).plus(maxAge).isAfter(now)).orElse(true);
    }

    public String encode() {
        String text = String.join("\n", VERSION, calendarId, Long.toString(seq), Long.toString(generation), Long.toString(issuedAt),
                Boolean.toString(singleEvents), windowStart == null ? "" : windowStart.toString(), windowEnd == null ? "" : windowEnd.toString());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Empty for anything this sandbox did not issue. */
    public static Optional<SyncState> decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length != 8 || !VERSION.equals(parts[0])) {
                return Optional.empty();
            }
            return Optional.of(new SyncState(parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]), Long.parseLong(parts[4]),
                    Boolean.parseBoolean(parts[5]), parts[6].isEmpty() ? null : Instant.parse(parts[6]),
                    parts[7].isEmpty() ? null : Instant.parse(parts[7])));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }
}
