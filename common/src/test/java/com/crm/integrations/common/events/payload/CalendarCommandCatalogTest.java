package com.crm.integrations.common.events.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.retry.FailureCategory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * calendar.event-command.v1 (with its {@code event}, {@link CalendarEventFields}), calendar.batch-command.v1 (with its
 * {@link CalendarBatchItem items} and {@link CalendarBatchFilter filter}) and calendar.command-failed.v1 against
 * docs/asyncapi.yaml: valid records, written as Quarkus writes them, conform to their messages; each schema names the
 * record's fields and requires exactly those it cannot do without; a payload that breaks one of the record's rules is
 * refused by the catalog and by the record alike. A command's record reads more than the catalog allows: what a create
 * and an update must carry in {@code event}, and which id and fields a batch's items give for its operation, is
 * calendar-service's to check (it answers with {@code invalid_command}, or a batch with a failed job), so the catalog
 * refuses those commands and the record reads them; and what no JSON schema can state (it compares two fields, or needs
 * a list of time zones) neither refuses. Plain JUnit: no Quarkus, no broker. token-service's EventCatalogTest holds
 * every type against the catalog too.
 */
class CalendarCommandCatalogTest extends CommandCatalogContract {

    private static final Instant AT = Instant.parse("2026-03-02T10:15:30.123456Z");
    private static final String LINK = "0f8e2d4c-6b1a-4c9e-8d7f-3a2b1c0d9e8f";
    private static final Instant ONE_PM = Instant.parse("2026-03-05T13:00:00Z");
    private static final LocalDate FAIR = LocalDate.parse("2026-04-20");

    private static final CalendarEventCommandV1 CREATE_TIMED = new CalendarEventCommandV1(CalendarCommandAction.CREATE,
            "act-8812", "user-42", null, null, new CalendarEventFields("Call with Ada Lovelace",
                    "Renewal of the 2026 support contract.", null, ONE_PM, ONE_PM.plusSeconds(1800), null, null, null,
                    "Europe/Berlin"));
    private static final CalendarEventCommandV1 CREATE_ALL_DAY = new CalendarEventCommandV1(CalendarCommandAction.CREATE,
            "act-8830", "user-42", null, CalendarProvider.MICROSOFT, new CalendarEventFields("Hannover Messe", null,
                    "Hannover, Hall 4", null, null, true, FAIR, FAIR.plusDays(2), null));
    private static final CalendarEventCommandV1 UPDATE_MOVED = new CalendarEventCommandV1(CalendarCommandAction.UPDATE,
            "act-8812", "user-42", LINK, null, new CalendarEventFields(null, "", null, ONE_PM.plusSeconds(3600),
                    ONE_PM.plusSeconds(5400), null, null, null, null));
    private static final CalendarEventCommandV1 UPDATE_TITLE = new CalendarEventCommandV1(CalendarCommandAction.UPDATE,
            "act-8812", "user-42", LINK, CalendarProvider.GOOGLE, new CalendarEventFields("Call with Ada (moved online)",
                    null, "", null, null, null, null, null, null));
    private static final CalendarEventCommandV1 UPDATE_TO_ALL_DAY = new CalendarEventCommandV1(
            CalendarCommandAction.UPDATE, "act-8812", "user-42", null, null, new CalendarEventFields(null, null, null, null,
                    null, true, FAIR, FAIR.plusDays(1), null));
    private static final CalendarEventCommandV1 DELETE = new CalendarEventCommandV1(CalendarCommandAction.DELETE,
            "act-8812", "user-42", null, null, null);
    private static final CalendarEventCommandV1 LONGEST_ID = new CalendarEventCommandV1(CalendarCommandAction.DELETE,
            "\uD83D\uDCC5".repeat(CalendarEventCommandV1.CRM_EVENT_ID_MAX_LENGTH), "user-42", null, null, null);
    private static final CalendarCommandFailedV1 NO_LINK = new CalendarCommandFailedV1("2f6a1c8e-9d3b-4a70-b5e2-6c4d8f0a1b29",
            CalendarCommandAction.CREATE, "act-8815", "user-77", null, null, FailureCategory.PERMANENT, "no_link", null,
            "You have not connected a calendar: the activity was not added to one.", 0, AT);
    private static final CalendarCommandFailedV1 REFUSED = new CalendarCommandFailedV1("7e2a1c9f-4d6b-4083-8cb5-9f3e4a5b6c7d",
            CalendarCommandAction.UPDATE, "act-8812", "user-42", LINK, CalendarProvider.GOOGLE, FailureCategory.PERMANENT,
            "provider_refused", "requiredAccessLevel",
            "Google Calendar no longer lets this account change the synced calendar: the activity was not moved in it.", 1,
            AT);
    private static final CalendarCommandFailedV1 GAVE_UP = new CalendarCommandFailedV1("c-9", CalendarCommandAction.DELETE,
            "act-8812", "user-42", LINK, CalendarProvider.MICROSOFT, FailureCategory.TRANSIENT, "gave_up", null,
            "Outlook kept failing for a day: the event was not removed from the calendar.", 24, AT);

    private static final CalendarBatchItem CALL = new CalendarBatchItem("act-9001", null, new CalendarEventFields(
            "Call with Ada Lovelace", "Follow-up on the renewal.", null, ONE_PM, ONE_PM.plusSeconds(1800), null, null, null,
            "Europe/Berlin"));
    private static final CalendarBatchItem REVIEW = new CalendarBatchItem("act-9002", null, new CalendarEventFields(
            "Quarterly account review", null, "Berlin office", null, null, true, FAIR, FAIR.plusDays(1), null));
    private static final CalendarBatchItem PROVIDER_EVENT = new CalendarBatchItem(null, "7k2m9q4r1t8v", null);
    private static final CalendarBatchFilter ENDED_BEFORE_2026 = new CalendarBatchFilter(Instant.parse("2026-01-01T00:00:00Z"));
    private static final CalendarBatchCommandV1 BATCH_CREATE = new CalendarBatchCommandV1("user-42", null, null,
            CalendarCommandAction.CREATE, null, List.of(CALL, REVIEW), null);
    private static final CalendarBatchCommandV1 BATCH_UPDATE = new CalendarBatchCommandV1("user-42", LINK,
            CalendarProvider.GOOGLE, CalendarCommandAction.UPDATE, null, List.of(new CalendarBatchItem("act-9001", null,
                    new CalendarEventFields(null, "", null, ONE_PM.plusSeconds(3600), ONE_PM.plusSeconds(5400), null, null,
                            null, null))), null);
    private static final CalendarBatchCommandV1 BATCH_DELETE = new CalendarBatchCommandV1("user-42", null,
            CalendarProvider.MICROSOFT, CalendarCommandAction.DELETE, null,
            List.of(new CalendarBatchItem("act-8812", null, null), PROVIDER_EVENT), null);
    private static final CalendarBatchCommandV1 BATCH_DELETE_ENDED = new CalendarBatchCommandV1("user-42", LINK, null,
            CalendarCommandAction.DELETE, null, null, ENDED_BEFORE_2026);
    private static final CalendarBatchCommandV1 BATCH_DELETE_ENDED_NO_ITEMS = new CalendarBatchCommandV1("user-42", LINK,
            null, CalendarCommandAction.DELETE, null, List.of(), ENDED_BEFORE_2026);
    private static final CalendarBatchCommandV1 BATCH_MOST_ITEMS = new CalendarBatchCommandV1("user-42", null, null,
            CalendarCommandAction.DELETE, null, Collections.nCopies(CalendarBatchCommandV1.MAX_ITEMS, PROVIDER_EVENT), null);
    private static final CalendarBatchCommandV1 BATCH_LONGEST_IDS = new CalendarBatchCommandV1("user-42", null, null,
            CalendarCommandAction.DELETE, null, List.of(
                    new CalendarBatchItem("\uD83D\uDCC5".repeat(CalendarEventCommandV1.CRM_EVENT_ID_MAX_LENGTH), null, null),
                    new CalendarBatchItem(null, "e".repeat(CalendarBatchItem.EVENT_ID_MAX_LENGTH), null)), null);

    static Stream<Arguments> validPayloads() {
        return Stream.of(
                Arguments.of("create a timed event", EventType.CALENDAR_EVENT_COMMAND, CREATE_TIMED),
                Arguments.of("create an all-day event", EventType.CALENDAR_EVENT_COMMAND, CREATE_ALL_DAY),
                Arguments.of("update the times, clear the description", EventType.CALENDAR_EVENT_COMMAND, UPDATE_MOVED),
                Arguments.of("update the title, clear the location", EventType.CALENDAR_EVENT_COMMAND, UPDATE_TITLE),
                Arguments.of("update to an all-day event", EventType.CALENDAR_EVENT_COMMAND, UPDATE_TO_ALL_DAY),
                Arguments.of("delete", EventType.CALENDAR_EVENT_COMMAND, DELETE),
                Arguments.of("the longest crmEventId, outside the BMP", EventType.CALENDAR_EVENT_COMMAND, LONGEST_ID),
                Arguments.of("no link", EventType.CALENDAR_COMMAND_FAILED, NO_LINK),
                Arguments.of("the provider refused", EventType.CALENDAR_COMMAND_FAILED, REFUSED),
                Arguments.of("gave up", EventType.CALENDAR_COMMAND_FAILED, GAVE_UP),
                Arguments.of("batch creating two events", EventType.CALENDAR_BATCH_COMMAND, BATCH_CREATE),
                Arguments.of("batch updating on a link", EventType.CALENDAR_BATCH_COMMAND, BATCH_UPDATE),
                Arguments.of("batch deleting by both ids", EventType.CALENDAR_BATCH_COMMAND, BATCH_DELETE),
                Arguments.of("batch deleting by filter", EventType.CALENDAR_BATCH_COMMAND, BATCH_DELETE_ENDED),
                Arguments.of("batch deleting by filter, items empty", EventType.CALENDAR_BATCH_COMMAND,
                        BATCH_DELETE_ENDED_NO_ITEMS),
                Arguments.of("batch of 500 items", EventType.CALENDAR_BATCH_COMMAND, BATCH_MOST_ITEMS),
                Arguments.of("batch of the longest ids", EventType.CALENDAR_BATCH_COMMAND, BATCH_LONGEST_IDS));
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"CALENDAR_EVENT_COMMAND", "CALENDAR_BATCH_COMMAND", "CALENDAR_COMMAND_FAILED"})
    void schemaNamesExactlyTheRecordsFields(EventType type) {
        // When
        Set<String> described = propertyNames(catalog.payloadSchema(type.type()));
        // Then
        assertEquals(componentNames(EventPayloads.classOf(type)), described);
    }

    @Test
    void eventSchemaNamesExactlyTheEventRecordsFields() {
        // When
        Set<String> described = propertyNames(eventSchema());
        // Then
        assertEquals(componentNames(CalendarEventFields.class), described);
    }

    @Test
    void batchItemSchemaNamesExactlyTheItemRecordsFields() {
        // When
        Set<String> described = propertyNames(batchItemSchema());
        // Then
        assertEquals(componentNames(CalendarBatchItem.class), described);
    }

    @Test
    void batchFilterSchemaNamesExactlyTheFilterRecordsFields() {
        // When
        Set<String> described = propertyNames(batchFilterSchema());
        // Then
        assertEquals(componentNames(CalendarBatchFilter.class), described);
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"CALENDAR_EVENT_COMMAND", "CALENDAR_BATCH_COMMAND", "CALENDAR_COMMAND_FAILED"})
    void schemaRequiresExactlyTheFieldsTheRecordCannotDoWithout(EventType type) {
        // Given: the sparsest valid payloads of the type, where every field that may be null is null (a command's
        // event may be: in a delete; a batch command's items or its filter, one or the other)
        Set<String> neverNull = neverNull(switch (type) {
            case CALENDAR_EVENT_COMMAND -> List.of(DELETE);
            case CALENDAR_BATCH_COMMAND -> List.of(BATCH_DELETE_ENDED, BATCH_DELETE);
            default -> List.of(NO_LINK);
        });
        // When
        Set<String> required = new TreeSet<>();
        catalog.payloadSchema(type.type()).path("required").forEach(field -> required.add(field.asText()));
        // Then
        assertEquals(neverNull, required);
    }

    @Test
    void batchItemSchemaRequiresNoField() {
        // Given: an item names its event by one id or the other, and carries event only for a create or an update
        Set<String> neverNull = neverNull(List.of(new CalendarBatchItem("act-8812", null, null), PROVIDER_EVENT));
        // When
        Set<String> required = new TreeSet<>();
        batchItemSchema().path("required").forEach(field -> required.add(field.asText()));
        // Then
        assertEquals(neverNull, required);
        assertEquals(Set.of(), required);
    }

    @Test
    void batchFilterSchemaRequiresItsInstant() {
        // Given
        Set<String> neverNull = neverNull(List.of(ENDED_BEFORE_2026));
        // When
        Set<String> required = new TreeSet<>();
        batchFilterSchema().path("required").forEach(field -> required.add(field.asText()));
        // Then
        assertEquals(neverNull, required);
    }

    @Test
    void eventSchemaRequiresExactlyTheFieldsTheEventRecordCannotDoWithout() {
        // Given: the record refuses no null (what a create needs, the command's schema requires of its event)
        JsonNode sparsest = JSON.valueToTree(new CalendarEventFields(null, null, null, null, null, null, null, null, null));
        Set<String> neverNull = new TreeSet<>();
        sparsest.properties().stream().filter(field -> !field.getValue().isNull()).forEach(field -> neverNull.add(field.getKey()));
        // When
        Set<String> required = new TreeSet<>();
        eventSchema().path("required").forEach(field -> required.add(field.asText()));
        // Then
        assertEquals(neverNull, required);
    }

    /** Payloads that break one rule of their record, each with the field the catalog names for it. */
    static Stream<Arguments> malformedPayloads() {
        return Stream.of(
                malformed("action missing", CREATE_TIMED, "action", p -> p.remove("action")),
                malformed("an unknown action", CREATE_TIMED, "action", p -> p.put("action", "upsert")),
                malformed("crmEventId missing", CREATE_TIMED, "crmEventId", p -> p.remove("crmEventId")),
                malformed("crmEventId null", DELETE, "crmEventId", p -> p.putNull("crmEventId")),
                malformed("crmEventId blank", DELETE, "crmEventId", p -> p.put("crmEventId", " \t ")),
                malformed("crmEventId of 201 characters", DELETE, "crmEventId", p -> p.put("crmEventId", "a".repeat(201))),
                malformed("userId missing", CREATE_TIMED, "userId", p -> p.remove("userId")),
                malformed("userId blank", CREATE_TIMED, "userId", p -> p.put("userId", "  ")),
                malformed("userId of em spaces", CREATE_TIMED, "userId", p -> p.put("userId", "\u2003\u2003")),
                malformed("linkId not a UUID", UPDATE_MOVED, "linkId", p -> p.put("linkId", "link-1")),
                malformed("linkId in upper case", UPDATE_MOVED, "linkId", p -> p.put("linkId", LINK.toUpperCase())),
                malformed("an unknown provider", CREATE_ALL_DAY, "provider", p -> p.put("provider", "yahoo")),
                malformed("create without event", CREATE_TIMED, "event", p -> p.putNull("event")),
                malformed("create with event missing", CREATE_TIMED, "event", p -> p.remove("event")),
                malformed("update without event", UPDATE_MOVED, "event", p -> p.putNull("event")),
                malformed("event not an object", UPDATE_MOVED, "event", p -> p.put("event", "14:00")),
                malformed("startsAt not a time", UPDATE_MOVED, "startsAt",
                        p -> ((ObjectNode) p.get("event")).put("startsAt", "tomorrow at two")),
                malformed("startDate not a date", CREATE_ALL_DAY, "startDate",
                        p -> ((ObjectNode) p.get("event")).put("startDate", "20 April 2026")),
                malformed("allDay not a boolean", CREATE_ALL_DAY, "allDay",
                        p -> ((ObjectNode) p.get("event")).put("allDay", "yes")),
                malformed("commandId blank", REFUSED, "commandId", p -> p.put("commandId", " ")),
                malformed("commandId missing", REFUSED, "commandId", p -> p.remove("commandId")),
                malformed("failure without its action", REFUSED, "action", p -> p.putNull("action")),
                malformed("ownerUserId blank", REFUSED, "ownerUserId", p -> p.put("ownerUserId", "")),
                malformed("failure's linkId not a UUID", REFUSED, "linkId", p -> p.put("linkId", "0f8e2d4c")),
                malformed("provider given without linkId", NO_LINK, "provider", p -> p.put("provider", "google")),
                malformed("linkId given without provider", REFUSED, "provider", p -> p.putNull("provider")),
                malformed("an unknown category", REFUSED, "category", p -> p.put("category", "fatal")),
                malformed("code missing", REFUSED, "code", p -> p.remove("code")),
                malformed("code blank", REFUSED, "code", p -> p.put("code", " ")),
                malformed("providerCode blank", REFUSED, "providerCode", p -> p.put("providerCode", "")),
                malformed("reason missing", NO_LINK, "reason", p -> p.remove("reason")),
                malformed("reason blank", NO_LINK, "reason", p -> p.put("reason", "   ")),
                malformed("reason of em spaces", NO_LINK, "reason", p -> p.put("reason", "\u2003")),
                malformed("reason with a newline", NO_LINK, "reason", p -> p.put("reason", "No calendar.\nConnect one.")),
                malformed("reason of 501 characters", NO_LINK, "reason", p -> p.put("reason", "a".repeat(501))),
                malformed("reason quoting a JWT", REFUSED, "reason",
                        p -> p.put("reason", "Refused eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2ln")),
                malformed("reason quoting a Google refresh token", REFUSED, "reason",
                        p -> p.put("reason", "Google refused 1//0gLx")),
                malformed("negative attempts", NO_LINK, "attempts", p -> p.put("attempts", -1)),
                malformed("failedAt missing", NO_LINK, "failedAt", p -> p.remove("failedAt")),
                malformed("batch's userId missing", BATCH_CREATE, "userId", p -> p.remove("userId")),
                malformed("batch's userId blank", BATCH_CREATE, "userId", p -> p.put("userId", "\u2003")),
                malformed("operation missing", BATCH_CREATE, "operation", p -> p.remove("operation")),
                malformed("an unknown operation", BATCH_CREATE, "operation", p -> p.put("operation", "upsert")),
                malformed("batch's linkId not a UUID", BATCH_UPDATE, "linkId", p -> p.put("linkId", "link-1")),
                malformed("batch's unknown provider", BATCH_DELETE, "provider", p -> p.put("provider", "yahoo")),
                malformed("batch without items or filter", BATCH_CREATE, "items", p -> p.putNull("items")),
                malformed("batch with items missing and no filter", BATCH_DELETE, "items", p -> p.remove("items")),
                malformed("batch with no items and no filter", BATCH_DELETE, "items", p -> p.putArray("items")),
                malformed("batch with items and a filter", BATCH_DELETE_ENDED, "items",
                        p -> p.set("items", JSON.valueToTree(List.of(PROVIDER_EVENT)))),
                malformed("a filter for a create", BATCH_DELETE_ENDED, "operation", p -> p.put("operation", "create")),
                malformed("a filter for an update", BATCH_DELETE_ENDED, "operation", p -> p.put("operation", "update")),
                malformed("501 items", BATCH_MOST_ITEMS, "items", p -> ((ArrayNode) p.get("items"))
                        .add(JSON.valueToTree(PROVIDER_EVENT))),
                malformed("a null item", BATCH_DELETE, "items", p -> ((ArrayNode) p.get("items")).addNull()),
                malformed("an item that is no object", BATCH_DELETE, "items", p -> ((ArrayNode) p.get("items")).add("act-1")),
                malformed("a destination for a delete", BATCH_DELETE, "destinationCalendarId",
                        p -> p.put("destinationCalendarId", "archive@group.calendar.google.com")),
                // Refused by the record because this copy of CalendarCommandAction has no move yet, then for its rule
                malformed("a move without its destination", BATCH_DELETE_ENDED, "destinationCalendarId",
                        p -> p.put("operation", "move")),
                malformed("an item naming no event", BATCH_DELETE, "eventId", p -> item(p, 0).putNull("crmEventId")),
                malformed("an item naming its event twice", BATCH_DELETE, "eventId",
                        p -> item(p, 0).put("eventId", "7k2m9q4r1t8v")),
                malformed("an item's crmEventId blank", BATCH_DELETE, "crmEventId", p -> item(p, 0).put("crmEventId", " ")),
                malformed("an item's crmEventId of 201 characters", BATCH_DELETE, "crmEventId",
                        p -> item(p, 0).put("crmEventId", "a".repeat(201))),
                malformed("an item's eventId blank", BATCH_DELETE, "eventId", p -> item(p, 1).put("eventId", "\t")),
                malformed("an item's eventId of 1025 characters", BATCH_DELETE, "eventId",
                        p -> item(p, 1).put("eventId", "e".repeat(1025))),
                malformed("an item's event not an object", BATCH_UPDATE, "event", p -> item(p, 0).put("event", "14:00")),
                malformed("an item's startsAt not a time", BATCH_UPDATE, "startsAt",
                        p -> ((ObjectNode) item(p, 0).get("event")).put("startsAt", "tomorrow at two")),
                malformed("filter without its instant", BATCH_DELETE_ENDED, "endedBefore",
                        p -> ((ObjectNode) p.get("filter")).remove("endedBefore")),
                malformed("filter's instant not a time", BATCH_DELETE_ENDED, "endedBefore",
                        p -> ((ObjectNode) p.get("filter")).put("endedBefore", "last year")),
                malformed("filter not an object", BATCH_DELETE_ENDED, "filter", p -> p.put("filter", "ended")));
    }

    /**
     * Commands the catalog refuses and the record reads: what a create or an update must carry in {@code event} is
     * calendar-service's to check, and it answers them with calendar.command-failed.v1 ({@code invalid_command})
     * instead of parking them unread.
     */
    static Stream<Arguments> commandsTheConsumerRefuses() {
        return Stream.of(
                malformed("create without title", CREATE_TIMED, "title", p -> event(p).putNull("title")),
                malformed("create with a blank title", CREATE_TIMED, "title", p -> event(p).put("title", " ")),
                malformed("update clearing the title", UPDATE_TITLE, "title", p -> event(p).put("title", "")),
                malformed("create without times or dates", CREATE_TIMED, "startsAt", p -> event(p).putNull("startsAt")
                        .putNull("endsAt")),
                malformed("create without its end", CREATE_TIMED, "endsAt", p -> event(p).remove("endsAt")),
                malformed("update moving only the end", UPDATE_MOVED, "startsAt", p -> event(p).putNull("startsAt")),
                malformed("all-day create without its dates", CREATE_ALL_DAY, "startDate", p -> event(p).putNull("startDate")
                        .putNull("endDate")),
                malformed("all-day update with only its first day", UPDATE_TO_ALL_DAY, "endDate",
                        p -> event(p).putNull("endDate")),
                malformed("all-day event with times too", CREATE_ALL_DAY, "startsAt", p -> event(p)
                        .put("startsAt", "2026-04-20T00:00:00Z").put("endsAt", "2026-04-22T00:00:00Z")),
                malformed("dates without allDay", UPDATE_TO_ALL_DAY, "allDay", p -> event(p).putNull("allDay")),
                malformed("timed event with dates too", CREATE_TIMED, "allDay", p -> event(p)
                        .put("startDate", "2026-03-05").put("endDate", "2026-03-06")),
                malformed("allDay false without times", UPDATE_TITLE, "startsAt", p -> event(p).put("allDay", false)),
                malformed("a time zone that is no zone id", CREATE_TIMED, "timeZone",
                        p -> event(p).put("timeZone", "Berlin time")),
                malformed("a batch create without an item's event", BATCH_CREATE, "event", p -> item(p, 1).putNull("event")),
                malformed("a batch update without an item's event", BATCH_UPDATE, "event", p -> item(p, 0).remove("event")),
                malformed("a batch create naming a provider's event", BATCH_CREATE, "crmEventId",
                        p -> item(p, 0).putNull("crmEventId").put("eventId", "7k2m9q4r1t8v")),
                malformed("a batch update naming a provider's event", BATCH_UPDATE, "crmEventId",
                        p -> item(p, 0).putNull("crmEventId").put("eventId", "7k2m9q4r1t8v")),
                malformed("a batch delete with an item's event", BATCH_DELETE, "event",
                        p -> item(p, 0).set("event", JSON.valueToTree(CALL.event()))),
                malformed("a batch create without an item's title", BATCH_CREATE, "title",
                        p -> itemEvent(p, 0).putNull("title")),
                malformed("a batch create without an item's times", BATCH_CREATE, "startsAt",
                        p -> itemEvent(p, 0).putNull("startsAt").putNull("endsAt")),
                malformed("a batch item's event with only its start", BATCH_UPDATE, "endsAt",
                        p -> itemEvent(p, 0).putNull("endsAt")),
                malformed("a batch item's time zone that is no zone id", BATCH_CREATE, "timeZone",
                        p -> itemEvent(p, 0).put("timeZone", "Berlin time")));
    }

    /**
     * The rules no JSON schema can state (they compare two fields, or need the list of time zones): the catalog's
     * descriptions say them, the record reads the command, calendar-service refuses it ({@code invalid_command}).
     */
    static Stream<Arguments> commandsOnlyTheConsumerCanRefuse() {
        return Stream.of(
                malformed("event ending before it starts", CREATE_TIMED, "endsAt",
                        p -> event(p).put("endsAt", "2026-03-05T12:00:00Z")),
                malformed("all-day event ending on its first day", CREATE_ALL_DAY, "endDate",
                        p -> event(p).put("endDate", "2026-04-20")),
                malformed("a time zone that does not exist", CREATE_TIMED, "timeZone",
                        p -> event(p).put("timeZone", "Mars/Olympus_Mons")),
                malformed("a batch item's event ending before it starts", BATCH_CREATE, "endsAt",
                        p -> itemEvent(p, 0).put("endsAt", "2026-03-05T12:00:00Z")),
                malformed("a batch item's time zone that does not exist", BATCH_CREATE, "timeZone",
                        p -> itemEvent(p, 0).put("timeZone", "Mars/Olympus_Mons")));
    }

    private static ObjectNode event(ObjectNode command) {
        return (ObjectNode) command.get("event");
    }

    private static ObjectNode item(ObjectNode batch, int index) {
        return (ObjectNode) batch.get("items").get(index);
    }

    private static ObjectNode itemEvent(ObjectNode batch, int index) {
        return (ObjectNode) item(batch, index).get("event");
    }

    /** The fields set in every one of {@code sparsest}. */
    private static Set<String> neverNull(List<? extends Record> sparsest) {
        Set<String> neverNull = componentNames(sparsest.get(0).getClass());
        for (Record sparse : sparsest) {
            JSON.valueToTree(sparse).properties().stream().filter(field -> field.getValue().isNull())
                    .forEach(field -> neverNull.remove(field.getKey()));
        }
        return neverNull;
    }

    private static JsonNode batchItemSchema() {
        return catalog.payloadSchema(EventType.CALENDAR_BATCH_COMMAND.type()).path("properties").path("items").path("items");
    }

    private static JsonNode batchFilterSchema() {
        for (JsonNode branch : catalog.payloadSchema(EventType.CALENDAR_BATCH_COMMAND.type()).path("properties")
                .path("filter").path("oneOf")) {
            if (branch.has("properties")) {
                return branch;
            }
        }
        throw new AssertionError("The batch command's filter has no object schema");
    }

    private static JsonNode eventSchema() {
        for (JsonNode branch : catalog.payloadSchema(EventType.CALENDAR_EVENT_COMMAND.type()).path("properties")
                .path("event").path("oneOf")) {
            if (branch.has("properties")) {
                return branch;
            }
        }
        throw new AssertionError("The command's event has no object schema");
    }

    private static Set<String> propertyNames(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        schema.path("properties").properties().forEach(property -> names.add(property.getKey()));
        return names;
    }
}
