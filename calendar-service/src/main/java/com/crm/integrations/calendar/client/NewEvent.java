package com.crm.integrations.calendar.client;

import java.util.Objects;

import com.crm.integrations.common.events.payload.CalendarEventFields;

/**
 * A CRM activity's event to create.
 *
 * @param key        the id we chose for it ({@code CrmEvent.keyOf}): Google's event id, Graph's {@code transactionId}
 * @param crmEventId the CRM activity's id, written into the event's private extended property
 * @param fields     what the event holds (checked complete: a title and its times or dates)
 */
public record NewEvent(String key, String crmEventId, CalendarEventFields fields) {

    public NewEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(crmEventId, "crmEventId");
        Objects.requireNonNull(fields, "fields");
    }
}
