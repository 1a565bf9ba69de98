package com.crm.integrations.common.events.payload;

/**
 * One event of a batch job: an item of {@code calendar.batch-command.v1} and of calendar-service's
 * {@code POST /calendar/batches}. It names its event by exactly one of {@code crmEventId} and {@code eventId}. Which
 * of the two an operation takes, and whether it needs {@code event}, the item cannot know: calendar-service checks
 * both against the batch's operation (a create or an update names the CRM activity and carries {@code event}; a delete
 * or a move names either and carries none) and fails a command whose items break them.
 *
 * @param crmEventId the CRM activity's id (at most {@value CalendarEventCommandV1#CRM_EVENT_ID_MAX_LENGTH}
 *                   characters); null when {@code eventId} names the event
 * @param eventId    the provider's id of an event of the link, as {@code calendar.event-changed.v2} published it
 *                   ({@code providerEventId}; at most {@value #EVENT_ID_MAX_LENGTH} characters), for a delete or a
 *                   move of an event the CRM did not make; null when {@code crmEventId} names the event
 * @param event      the event's fields for a create (all it needs) or an update (those that change); null for a
 *                   delete or a move
 */
public record CalendarBatchItem(
        String crmEventId,
        String eventId,
        CalendarEventFields event) {

    /**
     * The longest {@code eventId}, in characters (code points): Google allows event ids of up to 1024 characters;
     * Graph's are far shorter.
     */
    public static final int EVENT_ID_MAX_LENGTH = 1024;

    public CalendarBatchItem {
        if ((crmEventId == null) == (eventId == null)) {
            throw new IllegalArgumentException("An item names its event by exactly one of crmEventId and eventId");
        }
        if (crmEventId != null) {
            Checks.text(crmEventId, "crmEventId", CalendarEventCommandV1.CRM_EVENT_ID_MAX_LENGTH);
        } else {
            Checks.text(eventId, "eventId", EVENT_ID_MAX_LENGTH);
        }
    }
}
