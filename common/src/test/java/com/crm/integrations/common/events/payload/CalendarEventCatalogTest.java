package com.crm.integrations.common.events.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.crm.integrations.common.events.EventType;
import com.crm.integrations.common.retry.FailureCategory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * calendar.synced.v2, calendar.sync-failed.v2, calendar.event-changed.v2 and calendar.batch-completed.v2 against
 * docs/asyncapi.yaml: valid records,
 * written as Quarkus writes them, conform to their messages; each schema names the record's fields and requires
 * exactly those it cannot do without; and a payload that breaks one of the record's rules is refused by the catalog
 * and by the record alike, except for the few rules a JSON schema cannot state (listed, and refused by the record).
 * Plain JUnit: no Quarkus, no broker. token-service's EventCatalogTest holds every type against the catalog too.
 */
class CalendarEventCatalogTest extends PayloadCatalogContract {

    private static final Instant AT = Instant.parse("2026-03-02T10:15:30.123456Z");
    private static final String LINK = "0f8e2d4c-6b1a-4c9e-8d7f-3a2b1c0d9e8f";
    private static final LocalDate DAY = LocalDate.parse("2026-03-05");
    private static final Instant ONE_PM = Instant.parse("2026-03-05T13:00:00Z");

    private static final CalendarSyncedV2 SYNCED = new CalendarSyncedV2("7d1f2c9e-5b7a-4f0e-9b62-0c1d2e3f4a5b", LINK,
            CalendarProvider.GOOGLE, "user-42", "primary", false, 2, 1, 0, 412, 37, AT);
    private static final CalendarSyncedV2 SYNCED_EMPTY = new CalendarSyncedV2("c-1", LINK, CalendarProvider.MICROSOFT,
            "user-42", "AAMkAGI2", true, 0, 0, 0, 0, 0, AT);
    private static final CalendarSyncFailedV2 CALENDAR_GONE = new CalendarSyncFailedV2("c-1", LINK,
            CalendarProvider.MICROSOFT, "user-42", "AAMkAGI2", FailureCategory.PERMANENT, "ErrorItemNotFound",
            RequiredAction.USER_MUST_CHOOSE_CALENDAR,
            "The synced Outlook calendar no longer exists: choose another calendar to sync.", null, 1, AT);
    private static final CalendarSyncFailedV2 THROTTLED = new CalendarSyncFailedV2("c-1", LINK, CalendarProvider.GOOGLE,
            "user-42", "primary", FailureCategory.RATE_LIMIT, "rateLimitExceeded", RequiredAction.WAIT_AND_RETRY,
            "Google Calendar asked us to slow down: the sync resumes in 5 minutes.", AT.plusSeconds(300), 3, AT);
    private static final CalendarSyncFailedV2 GRANT_DEAD = new CalendarSyncFailedV2("c-1", LINK, CalendarProvider.GOOGLE,
            "user-42", "primary", FailureCategory.AUTH, null, RequiredAction.USER_MUST_RECONNECT,
            "Google no longer accepts this connection: reconnect your Google account.", null, 12, AT);
    private static final CalendarSyncFailedV2 MISCONFIGURED = new CalendarSyncFailedV2("c-1", LINK,
            CalendarProvider.MICROSOFT, "user-42", "AAMkAGI2", FailureCategory.MISCONFIGURED, "AADSTS7000215",
            RequiredAction.OPERATOR_MUST_FIX, "Outlook refuses our application: an operator has been told.", null, 1, AT);
    private static final CalendarEventChangedV2 ALL_DAY_OCCURRENCE = new CalendarEventChangedV2(
            "7d1f2c9e-5b7a-4f0e-9b62-0c1d2e3f4a5b", LINK, CalendarProvider.GOOGLE, "user-42", "primary",
            "7k2m9q4r1t8v_20260305T130000Z", "act-8812", "7k2m9q4r1t8v", ONE_PM, CalendarEventChange.UPDATED,
            ChangeOrigin.PROVIDER, true, CalendarEventChangedV2.midnightUtc(DAY),
            CalendarEventChangedV2.midnightUtc(DAY.plusDays(1)), DAY, DAY.plusDays(1), AT);
    private static final CalendarEventChangedV2 TIMED = new CalendarEventChangedV2("c-1", LINK, CalendarProvider.MICROSOFT,
            "user-42", "AAMkAGI2", "AAMkAGI2TAAA=", null, null, null, CalendarEventChange.CREATED, ChangeOrigin.CRM, false,
            ONE_PM, ONE_PM.plusSeconds(1800), null, null, AT);
    private static final CalendarEventChangedV2 DELETED = new CalendarEventChangedV2("c-1", LINK, CalendarProvider.MICROSOFT,
            "user-42", "AAMkAGI2", "AAMkAGI2TAAA=", null, null, null, CalendarEventChange.DELETED, ChangeOrigin.CRM, true, null,
            null, null, null, AT);
    private static final CalendarEventChangedV2 CANCELLED_OCCURRENCE = new CalendarEventChangedV2("c-1", LINK,
            CalendarProvider.GOOGLE, "user-42", "primary", "7k2m9q4r1t8v_20260312T130000Z", null, "7k2m9q4r1t8v",
            ONE_PM.plusSeconds(7 * 86_400), CalendarEventChange.DELETED, ChangeOrigin.PROVIDER, false, null, null, null, null,
            AT);

    private static final CalendarBatchCompletedV2 BATCH_WITH_FAILURES = new CalendarBatchCompletedV2(
            "4b6c1e2a-8d3f-4a59-9c7e-1f2a3b4c5d6e", "3c9d7e1f-2a4b-4c6d-8e0f-1a2b3c4d5e6f", LINK,
            "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091", CalendarProvider.MICROSOFT, "user-42", CalendarCommandAction.CREATE,
            CalendarBatchOutcome.COMPLETED_WITH_FAILURES, 120, 118, 2, 0, null, AT.minusSeconds(108), AT);
    private static final CalendarBatchCompletedV2 BATCH_EMPTY = new CalendarBatchCompletedV2(
            "6d8e3a4c-0f51-4c7b-9e9a-3b4c5d6e7f80", "activities-cleanup-2026-03-05-user-42", LINK, "c-1",
            CalendarProvider.GOOGLE, "user-42", CalendarCommandAction.DELETE, CalendarBatchOutcome.COMPLETED, 0, 0, 0, 0, null,
            null, AT);
    private static final CalendarBatchCompletedV2 BATCH_CANCELLED = new CalendarBatchCompletedV2(
            "5c7d2f3b-9e40-4b6a-8d8f-2a3b4c5d6e7f", "activities-cleanup-2026-03-04-user-42", LINK, "c-1",
            CalendarProvider.GOOGLE, "user-42", CalendarCommandAction.DELETE, CalendarBatchOutcome.CANCELLED, 900, 350, 0,
            550, null, AT.minusSeconds(158), AT);
    private static final CalendarBatchCompletedV2 BATCH_FAILED = new CalendarBatchCompletedV2(
            "7e9f4b5d-1a62-4d8c-8fab-4c5d6e7f8091", "c-9", LINK, "c-1", CalendarProvider.GOOGLE, "user-42",
            CalendarCommandAction.UPDATE, CalendarBatchOutcome.FAILED, 2, 0, 2, 0,
            "The calendar link ended before the batch could run: nothing was changed.", null, AT);
    private static final CalendarBatchCompletedV2 BATCH_WITHOUT_LINK = new CalendarBatchCompletedV2(
            "8fa05c6e-2b73-4e9d-9a0b-5d6e7f8091a2", "c-10", null, null, null, "user-42", CalendarCommandAction.CREATE,
            CalendarBatchOutcome.FAILED, 2, 0, 2, 0, "The user has no calendar link: nothing was written.", null, AT);

    static Stream<Arguments> validPayloads() {
        return Stream.of(
                Arguments.of("synced", EventType.CALENDAR_SYNCED_V2, SYNCED),
                Arguments.of("synced, nothing stored", EventType.CALENDAR_SYNCED_V2, SYNCED_EMPTY),
                Arguments.of("calendar gone", EventType.CALENDAR_SYNC_FAILED_V2, CALENDAR_GONE),
                Arguments.of("throttled", EventType.CALENDAR_SYNC_FAILED_V2, THROTTLED),
                Arguments.of("grant dead", EventType.CALENDAR_SYNC_FAILED_V2, GRANT_DEAD),
                Arguments.of("our app refused", EventType.CALENDAR_SYNC_FAILED_V2, MISCONFIGURED),
                Arguments.of("all-day occurrence", EventType.CALENDAR_EVENT_CHANGED_V2, ALL_DAY_OCCURRENCE),
                Arguments.of("timed single event", EventType.CALENDAR_EVENT_CHANGED_V2, TIMED),
                Arguments.of("deleted", EventType.CALENDAR_EVENT_CHANGED_V2, DELETED),
                Arguments.of("cancelled occurrence", EventType.CALENDAR_EVENT_CHANGED_V2, CANCELLED_OCCURRENCE),
                Arguments.of("batch with failures", EventType.CALENDAR_BATCH_COMPLETED_V2, BATCH_WITH_FAILURES),
                Arguments.of("batch that selected nothing", EventType.CALENDAR_BATCH_COMPLETED_V2, BATCH_EMPTY),
                Arguments.of("batch cancelled", EventType.CALENDAR_BATCH_COMPLETED_V2, BATCH_CANCELLED),
                Arguments.of("batch that could not run", EventType.CALENDAR_BATCH_COMPLETED_V2, BATCH_FAILED),
                Arguments.of("batch that never had a link", EventType.CALENDAR_BATCH_COMPLETED_V2, BATCH_WITHOUT_LINK));
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"CALENDAR_SYNCED_V2", "CALENDAR_SYNC_FAILED_V2", "CALENDAR_EVENT_CHANGED_V2",
            "CALENDAR_BATCH_COMPLETED_V2"})
    void schemaNamesExactlyTheRecordsFields(EventType type) {
        // When
        Set<String> described = new TreeSet<>();
        catalog.payloadSchema(type.type()).path("properties").properties().forEach(property -> described.add(property.getKey()));
        // Then
        assertEquals(Arrays.stream(EventPayloads.classOf(type).getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new)), described);
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"CALENDAR_SYNCED_V2", "CALENDAR_SYNC_FAILED_V2", "CALENDAR_EVENT_CHANGED_V2",
            "CALENDAR_BATCH_COMPLETED_V2"})
    void schemaRequiresExactlyTheFieldsTheRecordCannotDoWithout(EventType type) {
        // Given: the sparsest valid payload of the type, where every field that may be null is null
        JsonNode sparsest = JSON.valueToTree(switch (type) {
            case CALENDAR_SYNCED_V2 -> SYNCED_EMPTY;
            case CALENDAR_SYNC_FAILED_V2 -> GRANT_DEAD;
            case CALENDAR_BATCH_COMPLETED_V2 -> BATCH_EMPTY;
            default -> DELETED;
        });
        Set<String> neverNull = new TreeSet<>();
        sparsest.properties().stream().filter(field -> !field.getValue().isNull()).forEach(field -> neverNull.add(field.getKey()));
        // When
        Set<String> required = new TreeSet<>();
        catalog.payloadSchema(type.type()).path("required").forEach(field -> required.add(field.asText()));
        // Then
        assertEquals(neverNull, required);
    }

    /** Payloads that break one rule of their record, each with the field the catalog names for it. */
    static Stream<Arguments> malformedPayloads() {
        return Stream.of(
                malformed("linkId in upper case", SYNCED, "linkId", p -> p.put("linkId", LINK.toUpperCase())),
                malformed("linkId missing", SYNCED, "linkId", p -> p.remove("linkId")),
                malformed("negative totalEvents", SYNCED, "totalEvents", p -> p.put("totalEvents", -1)),
                malformed("negative upcomingEvents", SYNCED, "upcomingEvents", p -> p.put("upcomingEvents", -1)),
                malformed("linkId not a UUID", CALENDAR_GONE, "linkId", p -> p.put("linkId", "link-1")),
                malformed("a rate limit that needs no one", THROTTLED, "requiredAction", p -> p.put("requiredAction", "none")),
                malformed("a dead grant left to wait", GRANT_DEAD, "requiredAction",
                        p -> p.put("requiredAction", "wait_and_retry")),
                malformed("a refused app left to the user", MISCONFIGURED, "requiredAction",
                        p -> p.put("requiredAction", "user_must_reconnect")),
                malformed("a permanent refusal left to wait", CALENDAR_GONE, "requiredAction",
                        p -> p.put("requiredAction", "wait_and_retry")),
                malformed("a throttled calendar called gone", THROTTLED, "requiredAction",
                        p -> p.put("requiredAction", "user_must_choose_calendar")),
                malformed("requiredAction missing", GRANT_DEAD, "requiredAction", p -> p.remove("requiredAction")),
                malformed("reason missing", GRANT_DEAD, "reason", p -> p.remove("reason")),
                malformed("reason blank", GRANT_DEAD, "reason", p -> p.put("reason", "   ")),
                malformed("reason of two lines", GRANT_DEAD, "reason", p -> p.put("reason", "Reconnect Google.\nThen wait.")),
                malformed("reason of 501 characters", GRANT_DEAD, "reason", p -> p.put("reason", "a".repeat(501))),
                malformed("reason quoting a JWT", GRANT_DEAD, "reason",
                        p -> p.put("reason", "Refused eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2ln")),
                malformed("reason quoting a bearer header", GRANT_DEAD, "reason",
                        p -> p.put("reason", "Google refused Bearer abc")),
                malformed("reason quoting a Google token", GRANT_DEAD, "reason",
                        p -> p.put("reason", "Google refused ya29.a0AfB_byC")),
                malformed("no failure counted", GRANT_DEAD, "consecutiveFailures", p -> p.put("consecutiveFailures", 0)),
                malformed("all-day event without its dates", ALL_DAY_OCCURRENCE, "startDate", p -> {
                    p.remove("startDate");
                    p.remove("endDate");
                }),
                malformed("all-day event starting at one", ALL_DAY_OCCURRENCE, "startsAt",
                        p -> p.put("startsAt", "2026-03-05T13:00:00Z")),
                malformed("all-day event ending at one", ALL_DAY_OCCURRENCE, "endsAt",
                        p -> p.put("endsAt", "2026-03-06T13:00:00Z")),
                malformed("startDate not a date", ALL_DAY_OCCURRENCE, "startDate",
                        p -> p.put("startDate", "5 March 2026")),
                malformed("timed event with dates", TIMED, "startDate", p -> p.put("startDate", "2026-03-05")
                        .put("endDate", "2026-03-06")),
                malformed("deleted all-day event with dates", ALL_DAY_OCCURRENCE, "startDate",
                        p -> p.put("change", "deleted")),
                malformed("occurrence without its original start", ALL_DAY_OCCURRENCE, "originalStartsAt",
                        p -> p.putNull("originalStartsAt")),
                malformed("original start without a series", TIMED, "originalStartsAt",
                        p -> p.put("originalStartsAt", "2026-03-05T13:00:00Z")),
                malformed("blank seriesId", CANCELLED_OCCURRENCE, "seriesId", p -> p.put("seriesId", "")),
                malformed("created without its times", TIMED, "startsAt", p -> p.putNull("startsAt")),
                malformed("batchId not a UUID", BATCH_CANCELLED, "batchId", p -> p.put("batchId", "batch-0001")),
                malformed("requestKey blank", BATCH_CANCELLED, "requestKey", p -> p.put("requestKey", "\u2003")),
                malformed("batch's linkId missing", BATCH_CANCELLED, "linkId", p -> p.remove("linkId")),
                malformed("a running batch's link null", BATCH_CANCELLED, "linkId", p -> p.putNull("linkId")),
                malformed("a batch without a link with a provider", BATCH_WITHOUT_LINK, "provider", p -> p.put("provider", "google")),
                malformed("an unknown operation", BATCH_CANCELLED, "operation", p -> p.put("operation", "upsert")),
                malformed("an unknown state", BATCH_CANCELLED, "state", p -> p.put("state", "done")),
                malformed("negative cancelled", BATCH_WITH_FAILURES, "cancelled", p -> p.put("cancelled", -1)
                        .put("succeeded", 119)),
                malformed("completed with failed items", BATCH_WITH_FAILURES, "failed", p -> p.put("state", "completed")),
                malformed("completed with cancelled items", BATCH_CANCELLED, "cancelled", p -> p.put("state", "completed")),
                malformed("completed with failures but none failed", BATCH_EMPTY, "failed",
                        p -> p.put("state", "completed_with_failures")),
                malformed("completed with failures and cancelled items", BATCH_CANCELLED, "cancelled",
                        p -> p.put("state", "completed_with_failures").put("failed", 1).put("succeeded", 349)),
                malformed("cancelled with none cancelled", BATCH_WITH_FAILURES, "cancelled", p -> p.put("state", "cancelled")),
                malformed("failed without its reason", BATCH_FAILED, "failureReason", p -> p.putNull("failureReason")),
                malformed("a reason for a batch that did not fail", BATCH_WITH_FAILURES, "failureReason",
                        p -> p.put("failureReason", "Two events were refused.")),
                malformed("failureReason of two lines", BATCH_FAILED, "failureReason",
                        p -> p.put("failureReason", "The link ended.\nNothing was changed.")),
                malformed("failureReason of 501 characters", BATCH_FAILED, "failureReason",
                        p -> p.put("failureReason", "a".repeat(501))),
                malformed("failureReason quoting a bearer header", BATCH_FAILED, "failureReason",
                        p -> p.put("failureReason", "Google refused Bearer abc")),
                malformed("startedAt not a time", BATCH_CANCELLED, "startedAt", p -> p.put("startedAt", "at six")),
                malformed("completedAt missing", BATCH_CANCELLED, "completedAt", p -> p.remove("completedAt")));
    }

    /** The rules a JSON schema cannot state (they compare two fields): the catalog's descriptions say them, the record holds them. */
    static Stream<Arguments> payloadsOnlyTheRecordRefuses() {
        return Stream.of(
                malformed("more upcoming events than stored", SYNCED, "upcomingEvents", p -> p.put("upcomingEvents", 413)),
                malformed("all-day event ending on its first day", ALL_DAY_OCCURRENCE, "endDate",
                        p -> p.put("endDate", "2026-03-05").put("endsAt", "2026-03-05T00:00:00Z")),
                malformed("all-day event at midnight of another day", ALL_DAY_OCCURRENCE, "startsAt",
                        p -> p.put("startsAt", "2026-03-04T00:00:00Z")),
                malformed("event ending before it starts", TIMED, "endsAt", p -> p.put("endsAt", "2026-03-05T12:00:00Z")),
                malformed("batch counts that do not add up", BATCH_WITH_FAILURES, "requested", p -> p.put("requested", 121)),
                malformed("batch counts that add up only by overflowing", BATCH_CANCELLED, "requested",
                        p -> p.put("requested", 0).put("succeeded", Integer.MAX_VALUE).put("failed", Integer.MAX_VALUE)
                                .put("cancelled", 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadsOnlyTheRecordRefuses")
    void catalogCannotCompareTwoFields(String name, EventType type, ObjectNode payload, String field) throws IOException {
        // When
        List<String> violations = violations(type, payload);
        // Then
        assertEquals(List.of(), violations);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadsOnlyTheRecordRefuses")
    void recordComparesTwoFields(String name, EventType type, ObjectNode payload, String field) {
        assertRecordRefuses(type, payload);
    }
}
