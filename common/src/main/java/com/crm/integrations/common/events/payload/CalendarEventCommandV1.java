package com.crm.integrations.common.events.payload;

/**
 * {@code crm.integrations.calendar.event-command.v1}, on {@code calendar.commands}: a CRM service asks calendar-service
 * to create, update or delete the calendar event of one CRM activity in one user's calendar. The command's id is the
 * CloudEvent's {@code ce_id}: a command sent again with the same id is carried out once. calendar-service answers with
 * {@code calendar.event-changed.v2} (origin {@code crm}) once it is written, or {@code calendar.command-failed.v1}.
 *
 * @param action     what to do
 * @param crmEventId the CRM activity's id; every command for one activity is carried out in the order received
 * @param userId     the CRM user whose calendar holds the event
 * @param linkId     the calendar link to write to, when the user has several; null: the user's only link
 * @param provider   the provider whose link to write to, when the user has links at both; null: any
 * @param event      the event's fields (create: all it needs; update: those that change); null for a delete
 */
public record CalendarEventCommandV1(
        CalendarCommandAction action,
        String crmEventId,
        String userId,
        String linkId,
        CalendarProvider provider,
        CalendarEventFields event) {

    /** The longest {@code crmEventId}, in characters (code points, as JSON Schema's {@code maxLength} counts them). */
    public static final int CRM_EVENT_ID_MAX_LENGTH = 200;

    public CalendarEventCommandV1 {
        Checks.required(action, "action");
        Checks.text(crmEventId, "crmEventId");
        if (crmEventId.codePointCount(0, crmEventId.length()) > CRM_EVENT_ID_MAX_LENGTH) {
            throw new IllegalArgumentException("crmEventId must be at most " + CRM_EVENT_ID_MAX_LENGTH + " characters");
        }
        Checks.text(userId, "userId");
        if (linkId != null) {
            Checks.uuid(linkId, "linkId");
        }
        if (action != CalendarCommandAction.DELETE) {
            Checks.required(event, "event (of a " + action.wireName() + ")");
        }
    }
}
