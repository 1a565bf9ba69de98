package com.crm.integrations.sandbox.calendar.service;

import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.ProviderRefusal;

/**
 * One request of a Graph {@code $batch}, sent to the same reads and writes as the single calls: calendars,
 * calendarView/delta (default calendar or one), event listings, create (with {@code transactionId}), get, PATCH and
 * DELETE (with {@code If-Match}), under {@code /me}. Any other url or method → 400 {@code BadRequest} (Graph's
 * {@code Resource not found for the segment …} [mem]).
 */
@Singleton
public class GraphBatchCalls {

    private static final String EVENTS = "events";
    private static final String CALENDARS = "calendars";

    private final GraphCalendarReads reads;
    private final GraphEventList lists;
    private final GraphCalendarWrites writes;

    GraphBatchCalls(GraphCalendarReads reads, GraphEventList lists, GraphCalendarWrites writes) {
        this.reads = reads;
        this.lists = lists;
        this.writes = writes;
    }

    ItemAnswer call(GraphCall call, BatchItem item) {
        List<String> path = item.segmentsAfter("/me/");
        Map<String, List<String>> query = item.parameters();
        String method = item.method();
        try {
            if (path == null) {
                throw unknown(item, call);
            }
            if (path.equals(List.of(CALENDARS)) && "GET".equals(method)) {
                return ItemAnswer.ok(200, reads.calendars(call));
            }
            if (path.equals(List.of("calendarView", "delta")) && "GET".equals(method)) {
                return ItemAnswer.ok(200, reads.delta(call, null, query));
            }
            if (path.size() == 4 && CALENDARS.equals(path.get(0)) && path.subList(2, 4).equals(List.of("calendarView", "delta"))
                    && "GET".equals(method)) {
                return ItemAnswer.ok(200, reads.delta(call, path.get(1), query));
            }
            if (path.equals(List.of(EVENTS))) {
                return events(call, null, item);
            }
            if (path.size() == 3 && CALENDARS.equals(path.get(0)) && EVENTS.equals(path.get(2))) {
                return events(call, path.get(1), item);
            }
            if (path.size() == 2 && EVENTS.equals(path.get(0))) {
                return event(call, path.get(1), item);
            }
            throw unknown(item, call);
        } catch (ProviderRefusal refused) {
            return ItemAnswer.of((ApiAnswer) refused.answer());
        }
    }

    private ItemAnswer events(GraphCall call, String calendarId, BatchItem item) {
        return switch (item.method()) {
            case "GET" -> ItemAnswer.ok(200, lists.list(call, calendarId, item.parameters()));
            case "POST" -> ItemAnswer.of(writes.create(call, calendarId, item.body()));
            default -> throw unknown(item, call);
        };
    }

    private ItemAnswer event(GraphCall call, String eventId, BatchItem item) {
        return switch (item.method()) {
            case "GET" -> ItemAnswer.ok(200, reads.get(call, eventId, item.parameters()));
            case "PATCH" -> ItemAnswer.ok(200, writes.patch(call, eventId, item.header("If-Match"), item.body()));
            case "DELETE" -> {
                writes.delete(call, eventId, item.header("If-Match"));
                yield ItemAnswer.noContent();
            }
            default -> throw unknown(item, call);
        };
    }

    private static ProviderRefusal unknown(BatchItem item, GraphCall call) {
        return GraphErrors.refusal(400, "BadRequest", "Resource not found for the segment '" + item.path() + "' (" + item.method() + ").",
                call.clientRequestId());
    }
}
