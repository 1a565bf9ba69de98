package com.crm.integrations.calendar.service;

import java.util.UUID;

import com.crm.integrations.calendar.CalendarLink;
import com.crm.integrations.calendar.ConflictRule;
import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarEventFields;

/**
 * What one attempt of a command sends to the provider, decided in the transaction before the call.
 *
 * @param commandId       the stored command
 * @param attempt         this attempt's number (1: the first; a later one may follow an attempt whose answer was lost)
 * @param link            the link it writes to (read only)
 * @param action          what is sent: a create of a live activity is sent as an update of all its fields
 * @param key             the id we chose for the activity's event (Google event id / Graph transactionId)
 * @param crmEventId      the CRM activity
 * @param providerEventId the provider's id of the event, when known
 * @param baseEtag        the version the CRM's change applies to (the one it knows); null: unconditional
 * @param fields          the fields to write (create, update); null for a delete
 * @param rule            what wins when the user changed the event meanwhile
 * @param destination     the calendar a move takes the event to; null for the other actions
 */
record CommandPlan(UUID commandId, int attempt, CalendarLink link, CalendarCommandAction action, String key, String crmEventId,
        String providerEventId, String baseEtag, CalendarEventFields fields, ConflictRule rule, String destination) {

    /** The same write, sent again unconditionally over {@code etag} (the CRM wins a conflict): a second conflict keeps the user's. */
    CommandPlan over(String eventId, String etag) {
        return new CommandPlan(commandId, attempt, link, action, key, crmEventId, eventId, etag, fields, ConflictRule.PROVIDER_WINS,
                destination);
    }
}
