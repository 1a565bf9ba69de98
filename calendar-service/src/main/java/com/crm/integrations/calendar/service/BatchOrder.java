package com.crm.integrations.calendar.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarEventFields;

/**
 * A batch job as asked for, from {@code POST /calendar/batches} or {@code calendar.commands} alike, before it is checked:
 * nothing here is trusted yet ({@link BatchChecks}).
 *
 * @param linkId        the link to write to; null: the user's only link
 * @param userId        whose link, when {@code linkId} is null (the REST caller; the command's user)
 * @param operation     what to do to every item
 * @param destination   the calendar a move takes the events to
 * @param items         the items; null or empty with a filter
 * @param endedBefore   a delete's or move's filter: every synced event of the link that ended before it
 */
public record BatchOrder(UUID linkId, String userId, CalendarCommandAction operation, String destination, List<Item> items,
        Instant endedBefore, boolean filtered) {

    /**
     * One item: a CRM activity ({@code crmEventId}) or, for a delete or move, a provider event by the id calendar-service
     * publishes ({@code eventId}); the fields of a create or update.
     */
    public record Item(String crmEventId, String eventId, CalendarEventFields event) {
    }
}
