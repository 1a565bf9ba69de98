package com.crm.integrations.calendar.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The providers' batch envelopes as PROVIDERS.md §2.4 and §4.4 give them, written and read without a provider. */
class BatchFormatsTest {

    private static final BatchCall INSERT = new BatchCall("b7+1", HttpMethod.POST, "/calendar/v3/calendars/primary/events?sendUpdates=none",
            Map.of(), new JsonObject().put("id", "crm4f9k2l0a8b").put("summary", "Call with ACME, --batch_crm in a title"));
    private static final BatchCall DELETE = new BatchCall("b7+2", HttpMethod.DELETE, "/calendar/v3/calendars/primary/events/old123",
            Map.of("If-Match", "\"3412\""), null);

    @Test
    void writesAGoogleBatchAMimeParserReadsPartByPart() throws Exception {
        // When
        String boundary = GoogleBatchFormat.boundary();
        String body = GoogleBatchFormat.request(boundary, List.of(INSERT, DELETE));

        // Then: CRLF throughout, and a real MIME parser finds two application/http parts with our ids and path-only request lines
        assertTrue(body.replace("\r\n", "").indexOf('\n') < 0, "only CRLF line endings");
        MimeTokenStream stream = new MimeTokenStream(MimeConfig.STRICT);
        stream.parseHeadless(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "multipart/mixed; boundary=" + boundary);
        List<String> ids = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
            if (state == EntityState.T_FIELD && stream.getField().getName().equalsIgnoreCase("Content-ID")) {
                ids.add(stream.getField().getBody());
            } else if (state == EntityState.T_FIELD && stream.getField().getName().equalsIgnoreCase("Content-Type")) {
                types.add(stream.getField().getBody());
            } else if (state == EntityState.T_BODY) {
                requests.add(new String(stream.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("<b7+1>", "<b7+2>"), ids);
        assertEquals(List.of("application/http", "application/http"), types);
        assertTrue(requests.get(0).startsWith("POST /calendar/v3/calendars/primary/events?sendUpdates=none HTTP/1.1\r\n"), requests.get(0));
        String json = requests.get(0).substring(requests.get(0).indexOf("\r\n\r\n") + 4).strip();
        assertEquals(INSERT.body(), new JsonObject(json));
        assertTrue(requests.get(1).startsWith("DELETE /calendar/v3/calendars/primary/events/old123 HTTP/1.1\r\nIf-Match: \"3412\"\r\n"),
                requests.get(1));
    }

    @Test
    void readsAGoogleAnswerByContentIdWhateverItsOrderAndLineEndings() {
        // Given: PROVIDERS.md §2.4's answer, its parts swapped, in LF and in CRLF
        String answer = """
                --batch_Zq9kX3v
                Content-Type: application/http
                Content-ID: <response-b7+2>

                HTTP/1.1 204 No Content

                --batch_Zq9kX3v
                Content-Type: application/http
                Content-ID: <response-b7+1>

                HTTP/1.1 409 Conflict
                Content-Type: application/json; charset=UTF-8

                {"error":{"errors":[{"domain":"global","reason":"duplicate","message":"The requested identifier already exists."}],"code":409,"message":"The requested identifier already exists."}}
                --batch_Zq9kX3v--
                """;
        for (String text : List.of(answer, answer.replace("\n", "\r\n"))) {
            // When
            Map<String, BatchAnswer> answers = GoogleBatchFormat.response("multipart/mixed; boundary=batch_Zq9kX3v",
                    text.getBytes(StandardCharsets.UTF_8));

            // Then
            assertEquals(2, answers.size());
            BatchAnswer duplicate = answers.get("b7+1");
            assertEquals(409, duplicate.status());
            assertEquals("duplicate", duplicate.providerCode());
            assertEquals("application/json; charset=UTF-8", duplicate.headers().get("content-type"));
            assertEquals(204, answers.get("b7+2").status());
            assertTrue(answers.get("b7+2").succeeded());
            assertNull(answers.get("b7+2").providerCode());
        }
        assertThrows(IllegalArgumentException.class, () -> GoogleBatchFormat.response("application/json", "{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void findsGooglesBatchEndpointBesideItsApi() {
        assertEquals("https://www.googleapis.com/batch/calendar/v3", GoogleCalendarApi.batchUrlOf("https://www.googleapis.com/calendar/v3"));
        assertEquals("http://127.0.0.1:8090/google/batch/calendar/v3", GoogleCalendarApi.batchUrlOf("http://127.0.0.1:8090/google/calendar/v3"));
        assertThrows(IllegalArgumentException.class, () -> GoogleCalendarApi.batchUrlOf("https://example.com/v3"));
    }

    @Test
    void writesAGraphBatchByItsRules() {
        // When
        JsonObject envelope = GraphBatchFormat.request(List.of(
                new BatchCall("1", HttpMethod.POST, "/me/events", Map.of(), new JsonObject().put("subject", "Call")),
                new BatchCall("2", HttpMethod.DELETE, "/me/events/AAMkAGI2TBBB=", Map.of("If-Match", "W/\"ck\""), null)));

        // Then: a body always comes with its Content-Type; no dependsOn; relative urls as given
        JsonArray requests = envelope.getJsonArray("requests");
        assertEquals(new JsonObject().put("id", "1").put("method", "POST").put("url", "/me/events")
                .put("body", new JsonObject().put("subject", "Call"))
                .put("headers", new JsonObject().put("Content-Type", "application/json")), requests.getJsonObject(0));
        assertEquals(new JsonObject().put("id", "2").put("method", "DELETE").put("url", "/me/events/AAMkAGI2TBBB=")
                .put("headers", new JsonObject().put("If-Match", "W/\"ck\"")), requests.getJsonObject(1));

        // And: more than 20, none, or ids alike but for case are refused before anything is sent
        List<BatchCall> many = IntStream.range(0, 21).mapToObj(i -> new BatchCall("r" + i, HttpMethod.GET, "/me/events/e" + i, null, null))
                .toList();
        assertThrows(IllegalArgumentException.class, () -> GraphBatchFormat.request(many));
        assertThrows(IllegalArgumentException.class, () -> GraphBatchFormat.request(List.of()));
        assertThrows(IllegalArgumentException.class, () -> GraphBatchFormat.request(List.of(
                new BatchCall("a1", HttpMethod.GET, "/me/events/x", null, null), new BatchCall("A1", HttpMethod.GET, "/me/events/y", null, null))));
    }

    @Test
    void readsAGraphAnswerByIdWithEachRequestsOwnRetryAfter() {
        // Given: PROVIDERS.md §4.4's answer, out of order
        JsonObject answer = new JsonObject("""
                {"responses": [
                  {"id": "2", "status": 204, "headers": {"Cache-Control": "no-cache"}},
                  {"id": "1", "status": 429, "headers": {"Retry-After": "7", "Content-Type": "application/json"},
                   "body": {"error": {"code": "ApplicationThrottled", "message": "Application is over its MailboxConcurrency limit."}}},
                  {"id": "3", "status": 424, "body": {"error": {"code": "FailedDependency", "message": "…"}}},
                  {"status": 500}]}""");

        // When
        Map<String, BatchAnswer> answers = GraphBatchFormat.response(answer);

        // Then
        assertEquals(3, answers.size());
        BatchAnswer throttled = answers.get("1");
        assertEquals(429, throttled.status());
        assertEquals("ApplicationThrottled", throttled.providerCode());
        assertEquals(Optional.of(Duration.ofSeconds(7)), throttled.retryAfter(Instant.now()));
        assertEquals(204, answers.get("2").status());
        assertEquals("FailedDependency", answers.get("3").providerCode());
    }
}
