package com.crm.integrations.calendar.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.crm.integrations.calendar.service.BatchOrder;
import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarEventFields;

/**
 * {@code POST /calendar/batches}: one operation over many events of one link, the same contract as the
 * {@code calendar.batch-command.v1} command. Read as it comes; every item is checked by the service, which names each
 * problem (422).
 */
@Schema(description = "A batch job: one operation over up to 5,000 events of one calendar link")
public record BatchRequest(
        @Schema(description = "The calendar link (default: the caller's only one); a tenant admin may name any of the tenant's")
        UUID linkId,
        @Schema(description = "create, update, delete, or move (Google Calendar only)", required = true)
        CalendarCommandAction operation,
        @Schema(description = "A move's destination: another calendar of the same account") String destinationCalendarId,
        @Schema(description = "The items (at most 5,000), or a filter for a delete or move") List<Item> items,
        @Schema(description = "A delete's or move's selection instead of items") Filter filter) {

    @Schema(name = "CalendarBatchItem", description = "One item: a CRM activity, or (delete, move) a provider event by its id")
    public record Item(
            @Schema(description = "The CRM activity") String crmEventId,
            @Schema(description = "A provider event's id, as calendar.event-changed publishes it (delete, move)") String eventId,
            @Schema(description = "The event's fields (create: all it needs; update: those that change)") CalendarEventFields event) {
    }

    @Schema(name = "CalendarBatchFilter")
    public record Filter(@Schema(description = "Every synced event of the link that ended before this instant") Instant endedBefore) {
    }

    BatchOrder order() {
        List<BatchOrder.Item> orderItems = items == null ? null
                : items.stream().map(item -> item == null ? null : new BatchOrder.Item(item.crmEventId(), item.eventId(), item.event()))
                        .toList();
        return new BatchOrder(linkId, null, operation, destinationCalendarId, orderItems, filter == null ? null : filter.endedBefore(),
                filter != null);
    }
}
