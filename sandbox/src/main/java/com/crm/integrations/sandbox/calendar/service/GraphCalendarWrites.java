package com.crm.integrations.sandbox.calendar.service;

import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.calendar.CalendarAccount;
import com.crm.integrations.sandbox.calendar.CalendarView;
import com.crm.integrations.sandbox.calendar.EventFields;
import com.crm.integrations.sandbox.calendar.Item;
import com.crm.integrations.sandbox.calendar.StoredCalendar;
import com.crm.integrations.sandbox.calendar.StoredEvent;
import com.crm.integrations.sandbox.calendar.config.CalendarConfig;
import com.crm.integrations.sandbox.provider.ApiAnswer;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.service.SandboxClock;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Graph's event writes (PROVIDERS.md §4.1): create (201) with an idempotent {@code transactionId} (a repeat returns the
 * event it made, with {@code sandbox.calendar.graph.transaction-id-repeat-status}), PATCH (200, the whole event) and
 * DELETE (204), both with {@code If-Match} (412 when stale) and 404 {@code ErrorItemNotFound}. An occurrence's id
 * changes that occurrence: PATCH makes it an exception, DELETE cancels it. Create and PATCH set extended properties
 * ({@link GraphExtendedProperties}); their answers do not show them.
 */
@Singleton
public class GraphCalendarWrites {

    private final CalendarStore store;
    private final EventChanges changes;
    private final GraphCalendarReads reads;
    private final ObjectMapper json;
    private final SandboxClock clock;
    private final CalendarConfig.Graph config;

    GraphCalendarWrites(CalendarStore store, EventChanges changes, GraphCalendarReads reads, ObjectMapper json, SandboxClock clock,
            CalendarConfig config) {
        this.store = store;
        this.changes = changes;
        this.reads = reads;
        this.json = json;
        this.clock = clock;
        this.config = config.graph();
    }

    /** @param calendarId {@code null}: the default calendar */
    public ApiAnswer create(GraphCall call, String calendarId, String body) {
        JsonNode event = parse(body, call);
        String transactionId = event.hasNonNull("transactionId") ? event.get("transactionId").asText() : null;
        return store.withAccount(Provider.MICROSOFT, call.account(), state -> {
            StoredCalendar calendar = calendarId == null ? state.primary()
                    : state.calendar(calendarId).orElseThrow(() -> GraphErrors.notFound(call.clientRequestId()));
            Optional<StoredEvent> repeated = transactionId == null ? Optional.empty() : remembered(state, transactionId);
            if (repeated.isPresent()) {
                StoredCalendar holder = state.calendar(repeated.get().calendarId()).orElseThrow();
                return answer(config.transactionIdRepeatStatus(), new Item(repeated.get(), null, false), state, holder, call);
            }
            EventFields fields = GraphEventInput.read(event, EventFields.builder(), false, call.clientRequestId());
            StoredEvent created = changes.create(state, calendar, null, null, transactionId, fields);
            return answer(201, new Item(created, null, false), state, calendar, call);
        });
    }

    public Map<String, Object> patch(GraphCall call, String eventId, String ifMatch, String body) {
        JsonNode patch = parse(body, call);
        if (patch.has("transactionId")) {
            throw GraphErrors.badRequest("transactionId cannot be changed once set.", call.clientRequestId());
        }
        return store.withAccount(Provider.MICROSOFT, call.account(), state -> {
            GraphEvents.Found found = found(state, eventId, ifMatch, call);
            Item item = found.item();
            Item changed;
            if (item.occurrence() != null) {
                if (patch.has(GraphExtendedProperties.FIELD)) {
                    throw GraphErrors.badRequest("The sandbox keeps singleValueExtendedProperties on an event or a series, not on one occurrence.",
                            call.clientRequestId());
                }
                EventFields.Builder base = item.event().fields().toBuilder().summary(item.summary()).span(item.span()).recurrence(null);
                EventFields fields = GraphEventInput.read(patch, base, true, call.clientRequestId());
                changes.changeOccurrence(state, found.calendar(), item.occurrence(), false, fields.summary(), fields.span());
                changed = CalendarView.find(found.calendar(), item.id(), store.limits()).orElseThrow();
            } else {
                EventFields fields = GraphEventInput.read(patch, item.event().fields().toBuilder(), true, call.clientRequestId());
                changed = new Item(changes.edit(state, found.calendar(), item.event(), fields), null, false);
            }
            return GraphEventJson.event(changed, state, found.calendar(), reads.responseZone(call));
        });
    }

    public void delete(GraphCall call, String eventId, String ifMatch) {
        store.withAccount(Provider.MICROSOFT, call.account(), state -> {
            GraphEvents.Found found = found(state, eventId, ifMatch, call);
            if (found.item().occurrence() != null) {
                return changes.changeOccurrence(state, found.calendar(), found.item().occurrence(), true, null, null);
            }
            return changes.delete(state, found.calendar(), found.item().event());
        });
    }

    private GraphEvents.Found found(CalendarAccount state, String eventId, String ifMatch, GraphCall call) {
        GraphEvents.Found found = GraphEvents.live(state, eventId, store.limits(), call.clientRequestId());
        GraphEvents.checkIfMatch(ifMatch, CalendarIds.changeKey(state.salt(), found.item().seq()), call.clientRequestId());
        return found;
    }

    /** The live event created with this {@code transactionId}, while it is remembered. */
    private Optional<StoredEvent> remembered(CalendarAccount state, String transactionId) {
        return state.calendars().stream()
                .flatMap(calendar -> calendar.byTransactionId(transactionId).stream())
                .filter(event -> config.transactionIdMemory().map(memory -> event.identity().created().plus(memory).isAfter(clock.now())).orElse(true))
                .findFirst();
    }

    private ApiAnswer answer(int status, Item item, CalendarAccount state, StoredCalendar calendar, GraphCall call) {
        return new ApiAnswer(status, GraphEventJson.event(item, state, calendar, reads.responseZone(call)), Map.of());
    }

    private JsonNode parse(String body, GraphCall call) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : json.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException malformed) {
            // refused below
        }
        throw GraphErrors.refusal(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
                call.clientRequestId());
    }
}
