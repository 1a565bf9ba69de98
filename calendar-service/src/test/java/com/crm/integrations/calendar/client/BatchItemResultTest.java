package com.crm.integrations.calendar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.CalendarCommandAction;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.retry.FailureCategory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Each item answer of a batch read as PROVIDERS.md §2.5 / §4.4 say, whatever its neighbours did. */
class BatchItemResultTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final CalendarProvider GOOGLE = CalendarProvider.GOOGLE;
    private static final CalendarProvider GRAPH = CalendarProvider.MICROSOFT;

    @Test
    void readsWritesAndDeletesThatWentThrough() {
        JsonObject google = new JsonObject("""
                {"id":"crm1","etag":"\\"1\\"","status":"confirmed","summary":"Visit","updated":"2026-12-01T09:00:00.000Z",
                 "start":{"dateTime":"2026-12-02T09:00:00Z"},"end":{"dateTime":"2026-12-02T10:00:00Z"}}""");
        BatchItemResult written = BatchItemResult.of(GOOGLE, CalendarCommandAction.CREATE, answer(200, google, Map.of()), NOW);
        assertEquals("crm1", ((BatchItemResult.Written) written).event().providerEventId());
        JsonObject graph = new JsonObject("""
                {"id":"AAMk1","changeKey":"ck1","subject":"Visit","isAllDay":false,"lastModifiedDateTime":"2026-12-01T09:00:00.0000000Z",
                 "start":{"dateTime":"2026-12-02T09:00:00.0000000","timeZone":"UTC"},"end":{"dateTime":"2026-12-02T10:00:00.0000000","timeZone":"UTC"}}""");
        assertEquals("ck1", ((BatchItemResult.Written) BatchItemResult.of(GRAPH, CalendarCommandAction.CREATE, answer(201, graph, Map.of()),
                NOW)).event().etag());
        assertInstanceOf(BatchItemResult.Removed.class, BatchItemResult.of(GRAPH, CalendarCommandAction.DELETE, answer(204, null, Map.of()), NOW));
    }

    @Test
    void aDeleteOfAGoneEventIsDoneAndAnUpdateOfOneIsTheUsersDeletion() {
        BatchAnswer deleted = answer(410, google("deleted", 410), Map.of());
        assertInstanceOf(BatchItemResult.Removed.class, BatchItemResult.of(GOOGLE, CalendarCommandAction.DELETE, deleted, NOW));
        assertInstanceOf(BatchItemResult.Removed.class,
                BatchItemResult.of(GRAPH, CalendarCommandAction.DELETE, answer(404, graph("ErrorItemNotFound"), Map.of()), NOW));
        assertInstanceOf(BatchItemResult.Gone.class,
                BatchItemResult.of(GRAPH, CalendarCommandAction.UPDATE, answer(404, graph("ErrorItemNotFound"), Map.of()), NOW));
        assertInstanceOf(BatchItemResult.Stale.class,
                BatchItemResult.of(GOOGLE, CalendarCommandAction.UPDATE, answer(412, google("conditionNotMet", 412), Map.of()), NOW));
    }

    @Test
    void aDuplicateCreateIsAnEarlierSendAndAConflictedItemGoesAgain() {
        assertInstanceOf(BatchItemResult.Duplicate.class,
                BatchItemResult.of(GOOGLE, CalendarCommandAction.CREATE, answer(409, google("duplicate", 409), Map.of()), NOW));
        BatchItemResult conflicted = BatchItemResult.of(GOOGLE, CalendarCommandAction.UPDATE, answer(409, google("conflict", 409), Map.of()), NOW);
        assertEquals(FailureCategory.TRANSIENT, ((BatchItemResult.Retry) conflicted).category());
    }

    @Test
    void throttledAndFailingItemsGoAgainAfterTheirOwnRetryAfter() {
        BatchItemResult throttled = BatchItemResult.of(GRAPH, CalendarCommandAction.CREATE,
                answer(429, graph("ApplicationThrottled"), Map.of("Retry-After", "7")), NOW);
        assertEquals(new BatchItemResult.Retry(FailureCategory.RATE_LIMIT, "ApplicationThrottled", Optional.of(Duration.ofSeconds(7))),
                throttled);
        BatchItemResult rate = BatchItemResult.of(GOOGLE, CalendarCommandAction.CREATE, answer(403, google("rateLimitExceeded", 403), Map.of()), NOW);
        assertEquals(FailureCategory.RATE_LIMIT, ((BatchItemResult.Retry) rate).category());
        BatchItemResult backend = BatchItemResult.of(GOOGLE, CalendarCommandAction.DELETE, answer(503, google("backendError", 503), Map.of()), NOW);
        assertEquals(FailureCategory.TRANSIENT, ((BatchItemResult.Retry) backend).category());
        assertInstanceOf(BatchItemResult.Retry.class,
                BatchItemResult.of(GRAPH, CalendarCommandAction.CREATE, answer(424, graph("FailedDependency"), Map.of()), NOW));
    }

    @Test
    void aRefusedItemFailsWithTheProvidersWords() {
        BatchItemResult refused = BatchItemResult.of(GOOGLE, CalendarCommandAction.CREATE, answer(400, google("timeRangeEmpty", 400), Map.of()), NOW);
        assertEquals(new BatchItemResult.Failed(400, "timeRangeEmpty", "timeRangeEmpty happened"), refused);
        BatchItemResult forbidden = BatchItemResult.of(GRAPH, CalendarCommandAction.UPDATE, answer(403, graph("ErrorAccessDenied"), Map.of()), NOW);
        assertEquals(new BatchItemResult.Failed(403, "ErrorAccessDenied", "ErrorAccessDenied happened"), forbidden);
    }

    private static BatchAnswer answer(int status, JsonObject body, Map<String, String> headers) {
        return new BatchAnswer("1", status, headers, body);
    }

    private static JsonObject google(String reason, int code) {
        return new JsonObject().put("error", new JsonObject()
                .put("errors", new JsonArray().add(new JsonObject().put("domain", "global").put("reason", reason)
                        .put("message", reason + " happened")))
                .put("code", code).put("message", reason + " happened"));
    }

    private static JsonObject graph(String code) {
        return new JsonObject().put("error", new JsonObject().put("code", code).put("message", code + " happened"));
    }
}
