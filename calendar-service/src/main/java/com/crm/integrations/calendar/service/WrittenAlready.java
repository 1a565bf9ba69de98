package com.crm.integrations.calendar.service;

import java.util.Objects;

import com.crm.integrations.calendar.client.ProviderEvent;
import com.crm.integrations.common.events.payload.CalendarEventFields;

/**
 * Whether an event already holds an update: after a 412, the version that changed under us may be our own earlier
 * try whose answer was lost. The fields both providers return are compared (title, location, times or dates); an
 * update of the description alone cannot be recognised and counts as a conflict.
 */
final class WrittenAlready {

    private WrittenAlready() {
    }

    static boolean holds(ProviderEvent event, CalendarEventFields changes) {
        if (changes.title() == null && changes.location() == null && !CommandChecks.hasTiming(changes)) {
            return false;
        }
        if (changes.title() != null && !changes.title().equals(event.title())) {
            return false;
        }
        if (changes.location() != null && !Objects.equals(changes.location().isEmpty() ? null : changes.location(), event.location())) {
            return false;
        }
        if (Boolean.TRUE.equals(changes.allDay())) {
            return event.allDay() && changes.startDate().equals(event.startDate()) && changes.endDate().equals(event.endDate());
        }
        if (changes.startsAt() != null) {
            return !event.allDay() && changes.startsAt().equals(event.startsAt()) && changes.endsAt().equals(event.endsAt());
        }
        return true;
    }
}
