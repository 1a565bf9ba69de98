package com.crm.integrations.sandbox.calendar;

/**
 * The JSON body of {@code POST …/events/seed}: {@code count} single events, the first at {@code start}, each
 * {@code spacingMinutes} after the one before (default 60), lasting {@code durationMinutes} (default 30), titled
 * {@code <titlePrefix> <n>} (default {@code Event}).
 */
public record EventSeed(String calendarId, Integer count, String start, Integer spacingMinutes, Integer durationMinutes, String zone,
        String titlePrefix) {
}
