package com.crm.integrations.sandbox.calendar;

import static com.crm.integrations.sandbox.calendar.CalendarFixture.GOOGLE_EVENTS;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Google's HTTP batch ({@code POST /google/batch/calendar/v3}, PROVIDERS.md §2.4) over real HTTP. */
@QuarkusTest
class GoogleBatchTest {

    static final String BATCH = "/google/batch/calendar/v3";
    private static final String BOUNDARY = "batch_crm_7f3a";
    private static final String INSERT = """
            POST /calendar/v3/calendars/primary/events?sendUpdates=none HTTP/1.1
            Content-Type: application/json

            {"id":"crm4f9k2l0a8b","summary":"Call with ACME","start":{"dateTime":"2025-03-05T14:00:00+01:00"},"end":{"dateTime":"2025-03-05T14:30:00+01:00"}}""";

    private CalendarFixture user;

    @BeforeEach
    void connect() {
        CalendarFixture.reset();
        user = CalendarFixture.connect("google", "gbatch");
    }

    @AfterEach
    void reset() {
        CalendarFixture.reset();
    }

    @Test
    void runsEachPartAsASingleCallAndAnswersMultipartWithABoundaryOfItsOwn() throws Exception {
        // Given
        String old = user.createId(Map.of("title", "Old", "start", "2025-03-04T09:00:00Z"));
        String body = GoogleBatchParts.envelope(BOUNDARY, List.of(INSERT, "DELETE /calendar/v3/calendars/primary/events/" + old + " HTTP/1.1\n",
                "GET /calendar/v3/calendars/primary/events/nosuchevent HTTP/1.1\n"), List.of("<a1b2+1>", "<a1b2+2>", "<a1b2+3>"));

        // When
        Response batch = send(body);

        // Then
        batch.then().log().ifValidationFails().statusCode(200).header("Content-Type", startsWith("multipart/mixed; boundary="));
        assertNotEquals("multipart/mixed; boundary=" + BOUNDARY, batch.contentType());
        List<GoogleBatchParts.Answer> answers = read(batch);
        assertEquals(List.of("<response-a1b2+1>", "<response-a1b2+2>", "<response-a1b2+3>"), answers.stream().map(GoogleBatchParts.Answer::contentId).toList());
        GoogleBatchParts.Answer inserted = answers.get(0);
        assertEquals("HTTP/1.1 200 OK", inserted.statusLine());
        assertEquals("application/json; charset=UTF-8", inserted.headers().get("Content-Type"));
        assertEquals("crm4f9k2l0a8b", JsonPath.from(inserted.body()).getString("id"));
        assertEquals("HTTP/1.1 204 No Content", answers.get(1).statusLine());
        assertEquals("", answers.get(1).body());
        assertEquals(404, answers.get(2).status());
        assertEquals("notFound", JsonPath.from(answers.get(2).body()).getString("error.errors[0].reason"));
        given().get(user.control() + "/events").then().body("events.find { it.id == 'crm4f9k2l0a8b' }.status", equalTo("confirmed"))
                .body("events.find { it.id == '" + old + "' }.status", equalTo("deleted"));
    }

    @Test
    void readsLfLineEndingsRequestLinesWithoutVersionAndPartsWithoutContentId() throws Exception {
        // Given
        String body = GoogleBatchParts.envelope(BOUNDARY, List.of(INSERT.replace(" HTTP/1.1", ""), "GET /calendar/v3/users/me/calendarList"),
                Arrays.asList("x1", null), "\n");

        // When
        Response batch = send(body);

        // Then
        batch.then().statusCode(200);
        List<GoogleBatchParts.Answer> answers = read(batch);
        assertEquals("response-x1", answers.get(0).contentId());
        assertEquals(200, answers.get(0).status());
        assertEquals(null, answers.get(1).contentId());
        assertEquals(user.account(), JsonPath.from(answers.get(1).body()).getString("items[0].id"));
    }

    @Test
    void answersAPartWithAFullUrlWith400AndRunsTheOthers() throws Exception {
        // Given
        String body = GoogleBatchParts.envelope(BOUNDARY, List.of("GET https://www.googleapis.com/calendar/v3/users/me/calendarList HTTP/1.1\n", INSERT),
                List.of("<u+1>", "<u+2>"));

        // When
        Response batch = send(body);

        // Then
        batch.then().statusCode(200);
        Map<String, GoogleBatchParts.Answer> answers = GoogleBatchParts.byContentId(read(batch));
        assertEquals(400, answers.get("<response-u+1>").status());
        assertEquals("badRequest", JsonPath.from(answers.get("<response-u+1>").body()).getString("error.errors[0].reason"));
        assertEquals(200, answers.get("<response-u+2>").status());
    }

    @Test
    void appliesTheBatchsAuthorizationAndQueryToEveryPartUnlessAPartHasItsOwn() throws Exception {
        // Given
        user.seed(3, "2025-03-03T09:00:00Z", 60);
        String list = "GET /calendar/v3/calendars/primary/events HTTP/1.1\n";
        String body = GoogleBatchParts.envelope(BOUNDARY, List.of(list, list.replace("events HTTP", "events?maxResults=3 HTTP"),
                list + "Authorization: Bearer not-a-token\n"), List.of("<q+1>", "<q+2>", "<q+3>"));

        // When
        Response batch = user.api().contentType("multipart/mixed; boundary=" + BOUNDARY).queryParam("maxResults", 1)
                .body(body.getBytes(StandardCharsets.UTF_8)).post(BATCH);

        // Then
        Map<String, GoogleBatchParts.Answer> answers = GoogleBatchParts.byContentId(read(batch));
        assertEquals(1, JsonPath.from(answers.get("<response-q+1>").body()).getList("items").size());
        assertEquals(3, JsonPath.from(answers.get("<response-q+2>").body()).getList("items").size());
        assertEquals(401, answers.get("<response-q+3>").status());
        assertEquals("authError", JsonPath.from(answers.get("<response-q+3>").body()).getString("error.errors[0].reason"));
    }

    @Test
    void runsPartsWithTheirOwnTokenWhenTheBatchHasNone() throws Exception {
        // Given
        String body = GoogleBatchParts.envelope(BOUNDARY, List.of("GET /calendar/v3/users/me/calendarList HTTP/1.1\nAuthorization: Bearer "
                + user.accessToken() + "\n", "GET /calendar/v3/users/me/calendarList HTTP/1.1\n"), List.of("<t+1>", "<t+2>"));

        // When
        Response batch = given().contentType("multipart/mixed; boundary=" + BOUNDARY).body(body.getBytes(StandardCharsets.UTF_8)).post(BATCH);

        // Then
        batch.then().statusCode(200);
        Map<String, GoogleBatchParts.Answer> answers = GoogleBatchParts.byContentId(read(batch));
        assertEquals(200, answers.get("<response-t+1>").status());
        assertEquals(401, answers.get("<response-t+2>").status());
    }

    @Test
    void refusesAnEmptyOrMalformedEnvelopeWith400InGooglesShape() {
        // When
        Response empty = send("");

        // Then
        empty.then().statusCode(400).body("error.code", equalTo(400)).body("error.errors[0].reason", equalTo("badRequest"));
        send("--" + BOUNDARY + "\r\nContent-Type: application/http\r\n\r\nGET /calendar/v3/users/me/calendarList\r\n").then().statusCode(400); // cut short
        user.api().contentType(ContentType.JSON).body("{}").post(BATCH).then().statusCode(400).body("error.errors[0].reason", equalTo("badRequest"));
        user.api().contentType("multipart/mixed").body("--x--\r\n".getBytes(StandardCharsets.UTF_8)).post(BATCH).then().statusCode(400);
    }

    @Test
    void refusesMoreThan1000PartsWith400() {
        // Given
        List<String> parts = Collections.nCopies(1001, "GET /calendar/v3/users/me/calendarList\n");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            ids.add("<n+" + i + ">");
        }

        // When
        Response batch = send(GoogleBatchParts.envelope(BOUNDARY, parts, ids));

        // Then
        batch.then().statusCode(400).body("error.message", equalTo("A batch may hold at most 1000 calls."));
        assertEquals(200, send(GoogleBatchParts.envelope(BOUNDARY, parts.subList(0, 1000), ids.subList(0, 1000))).statusCode());
    }

    @Test
    void countsEachPartAgainstTheAccountsThrottlesAndLogsItWithTheBatch() throws Exception {
        // Given
        user.throttle(Map.of("status", 403, "reason", "userRateLimitExceeded", "times", 1)).then().statusCode(201);
        long since = user.lastRequest();
        String get = "GET /calendar/v3/users/me/calendarList HTTP/1.1\n";

        // When
        Response batch = send(GoogleBatchParts.envelope(BOUNDARY, List.of(get, get), List.of("<l+1>", "<l+2>")));

        // Then
        Map<String, GoogleBatchParts.Answer> answers = GoogleBatchParts.byContentId(read(batch));
        assertEquals(403, answers.get("<response-l+1>").status());
        assertEquals("userRateLimitExceeded", JsonPath.from(answers.get("<response-l+1>").body()).getString("error.errors[0].reason"));
        assertEquals(200, answers.get("<response-l+2>").status());
        Response log = given().queryParam("since", since).get(user.control() + "/requests");
        log.then().body("requests", hasSize(3))
                .body("requests.path", contains(BATCH, "/calendar/v3/users/me/calendarList", "/calendar/v3/users/me/calendarList"))
                .body("requests.item", contains(null, "<l+1>", "<l+2>"))
                .body("requests.status", contains(200, 403, 200));
        long batchSeq = ((Number) log.path("requests[0].seq")).longValue();
        assertEquals(List.of(batchSeq, batchSeq), log.jsonPath().getList("requests.batch", Long.class).subList(1, 3));
    }

    @Test
    void delaysTheWholeBatchOnceForALatencyRuleOnItsPath() {
        // Given
        given().contentType(ContentType.JSON).body(Map.of("path", "/google/batch/*", "millis", 300)).post("/control/latency").then().statusCode(201);
        String get = "GET /calendar/v3/users/me/calendarList\n";

        // When
        Response batch = send(GoogleBatchParts.envelope(BOUNDARY, List.of(get, get, get), List.of("<d+1>", "<d+2>", "<d+3>")));

        // Then
        batch.then().statusCode(200).header("X-Sandbox-Delay", "300");
        given().queryParam("path", BATCH).get("/control/calls").then().body("count", equalTo(1));
    }

    @Test
    void givesTheAnswersInTheOrderSetSoClientsMatchThemByContentId() throws Exception {
        // Given
        given().contentType(ContentType.JSON).body(Map.of("order", "reversed")).put("/control/calendar/google/batch-order").then().statusCode(200)
                .body("order", equalTo("reversed"));
        String get = "GET /calendar/v3/users/me/calendarList\n";

        // When
        Response batch = send(GoogleBatchParts.envelope(BOUNDARY, List.of(get, get, get), List.of("<o+1>", "<o+2>", "<o+3>")));

        // Then
        assertEquals(List.of("<response-o+3>", "<response-o+2>", "<response-o+1>"), read(batch).stream().map(GoogleBatchParts.Answer::contentId).toList());
    }

    @Test
    void movesAnEventInABatch() throws Exception {
        // Given
        String id = user.createId(Map.of("title", "Call", "start", "2025-03-04T09:00:00Z"));
        String team = given().contentType(ContentType.JSON).body(Map.of("name", "Team")).post(user.control() + "/calendars").then()
                .statusCode(201).extract().path("id");

        // When
        Response batch = send(GoogleBatchParts.envelope(BOUNDARY, List.of("POST /calendar/v3/calendars/primary/events/" + id + "/move?destination="
                + team + " HTTP/1.1\n"), List.of("<m+1>")));

        // Then
        GoogleBatchParts.Answer moved = read(batch).get(0);
        assertEquals(200, moved.status(), moved.body());
        user.api().get("/google/calendar/v3/calendars/" + team + "/events/" + id).then().statusCode(200).body("status", equalTo("confirmed"));
        assertTrue(user.api().get(GOOGLE_EVENTS).path("items").toString().equals("[]"));
    }

    private Response send(String body) {
        return user.api().contentType("multipart/mixed; boundary=" + BOUNDARY).body(body.getBytes(StandardCharsets.UTF_8)).post(BATCH);
    }

    static List<GoogleBatchParts.Answer> read(Response batch) throws Exception {
        return GoogleBatchParts.read(batch.contentType(), batch.asByteArray());
    }
}
