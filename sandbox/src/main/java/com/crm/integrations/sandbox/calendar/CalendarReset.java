package com.crm.integrations.sandbox.calendar;

/**
 * Fired by {@code POST /control/calendar/reset}, and by the sandbox's own reset ({@code POST /control/reset}): the
 * calendar stand-ins forget every account, listing, rule and logged request.
 */
public record CalendarReset() {
}
