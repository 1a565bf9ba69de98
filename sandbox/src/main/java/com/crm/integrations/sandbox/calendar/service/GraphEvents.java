package com.crm.integrations.sandbox.calendar.service;

import java.util.Optional;

import com.crm.integrations.sandbox.calendar.CalendarAccount;
import com.crm.integrations.sandbox.calendar.CalendarView;
import com.crm.integrations.sandbox.calendar.Item;
import com.crm.integrations.sandbox.calendar.Recurrence;
import com.crm.integrations.sandbox.calendar.StoredCalendar;

/** Graph finds an event by id across the mailbox's calendars (ids are unique per mailbox, PROVIDERS.md §4.2). */
final class GraphEvents {

    /** An event or occurrence and the calendar that holds it. */
    record Found(StoredCalendar calendar, Item item) {
    }

    private GraphEvents() {
    }

    /** @throws com.crm.integrations.sandbox.provider.ProviderRefusal 404 {@code ErrorItemNotFound} when unknown, deleted or cancelled */
    static Found live(CalendarAccount account, String id, Recurrence.Limits limits, String clientRequestId) {
        for (StoredCalendar calendar : account.calendars()) {
            Optional<Item> item = CalendarView.find(calendar, id, limits).filter(found -> !found.removed());
            if (item.isPresent()) {
                return new Found(calendar, item.get());
            }
        }
        throw GraphErrors.notFound(clientRequestId);
    }

    /** A stale {@code If-Match} (the change key, bare, quoted or as {@code W/"…"}) → 412; {@code *} or none passes. */
    static void checkIfMatch(String ifMatch, String changeKey, String clientRequestId) {
        if (ifMatch == null) {
            return;
        }
        String presented = ifMatch.trim();
        if (presented.startsWith("W/")) {
            presented = presented.substring(2);
        }
        if (presented.length() >= 2 && presented.startsWith("\"") && presented.endsWith("\"")) {
            presented = presented.substring(1, presented.length() - 1);
        }
        if (!"*".equals(presented) && !presented.equals(changeKey)) {
            throw GraphErrors.changeKeyMismatch(clientRequestId);
        }
    }
}
