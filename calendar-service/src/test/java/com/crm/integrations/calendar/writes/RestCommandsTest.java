package com.crm.integrations.calendar.writes;

import static com.crm.integrations.testing.contract.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.calendar.sync.PublishedEvents;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The commands as REST: stored and carried out like those from calendar.commands, idempotent by
 * {@code Idempotency-Key}, refused at once when the input is bad, and as unknown to other tenants and users as an
 * activity that never was.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class RestCommandsTest {

    @Inject
    Pool pool;

    @Test
    void aRequestRepeatedWithItsKeyIsOneCommandAndOneEvent() {
        // Given
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);
        String key = "key-" + UUID.randomUUID();
        Map<String, Object> body = event("act-rest", "Visit ACME", 2);

        // When: the same request twice (a client retrying after a timeout)
        Response first = Commands.post(user, key, body);
        Response second = Commands.post(user, key, body);

        // Then: stored once; the repeat answers the same command
        first.then().statusCode(202).header("Location", endsWith("/calendar/commands/" + first.jsonPath().getString("id")));
        second.then().statusCode(200);
        assertEquals(first.jsonPath().getString("id"), second.jsonPath().getString("id"));
        assertEquals(key, first.jsonPath().getString("commandId"));
        Commands.awaitState(pool, user, key, "succeeded");
        JsonPath command = given().auth().oauth2(user.token()).get("/calendar/commands/" + first.jsonPath().getString("id"))
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("succeeded", "created"), List.of(command.getString("state"), command.getString("outcome")));
        assertEquals(1, google.events().size());
        JsonPath activity = given().auth().oauth2(user.token()).get("/calendar/events/act-rest").then().statusCode(200).extract().jsonPath();
        assertEquals(command.getString("providerEventId"), activity.getString("providerEventId"));
        assertEquals("Visit ACME", activity.getString("event.title"));

        // And: the key of another command is refused
        assertProblem(Commands.post(user, key, event("act-other", "Other", 2)), 409, "conflict");
    }

    @Test
    void restAndKafkaGiveTheSameResult() {
        // Given
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleWritesTest.account());
        GoogleWritesTest.linked(user, google);

        // When: one activity over REST, one on calendar.commands, with the same fields; then each moved the same way
        Commands.post(user, "rest-1", event("act-via-rest", "Same", 3)).then().statusCode(202);
        String kafka = Commands.send(user, Commands.create(user, "act-via-kafka", Commands.timed("Same", GoogleWritesTest.at(3, "09:00"),
                GoogleWritesTest.at(3, "10:00"))));
        Commands.awaitState(pool, user, "rest-1", "succeeded");
        Commands.awaitState(pool, user, kafka, "succeeded");
        Map<String, Object> move = Map.of("startsAt", GoogleWritesTest.at(4, "09:00"), "endsAt", GoogleWritesTest.at(4, "11:00"));
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).header("Idempotency-Key", "rest-2").body(move)
                .patch("/calendar/events/act-via-rest").then().statusCode(202);
        String kafkaMove = Commands.send(user, Commands.update(user, "act-via-kafka", move));
        Commands.awaitState(pool, user, "rest-2", "succeeded");
        Commands.awaitState(pool, user, kafkaMove, "succeeded");

        // Then: the two events are alike but for the CRM id, and the CRM heard the same of each
        List<Map<String, Object>> events = google.events();
        assertEquals(2, events.size());
        for (String field : List.of("title", "start", "end", "allDay", "status")) {
            assertEquals(events.get(0).get(field), events.get(1).get(field), field);
        }
        List<JsonPath> changes = PublishedEvents.awaitAll(user, PublishedEvents.CHANGED, 4);
        for (String activity : List.of("act-via-rest", "act-via-kafka")) {
            assertEquals(List.of("created/crm", "updated/crm"), changes.stream()
                    .filter(change -> activity.equals(change.getString("crmEventId")))
                    .map(change -> change.getString("change") + "/" + change.getString("origin")).toList());
        }

        // When: both deleted. Then: alike again
        given().auth().oauth2(user.token()).header("Idempotency-Key", "rest-3").delete("/calendar/events/act-via-rest")
                .then().statusCode(202);
        String kafkaDelete = Commands.send(user, Commands.delete(user, "act-via-kafka"));
        Commands.awaitState(pool, user, "rest-3", "succeeded");
        Commands.awaitState(pool, user, kafkaDelete, "succeeded");
        assertEquals(List.of("deleted", "deleted"), google.events().stream().map(event -> event.get("status")).toList());
        PublishedEvents.assertConformToTheCatalogue(user);
    }

    @Test
    void anotherTenantsOrUsersActivityIsUnknown() {
        // Given: an activity written for one user
        TestUser owner = TestUser.fresh();
        GoogleWritesTest.linked(owner, CalendarStandIn.google(GoogleWritesTest.account()));
        Response created = Commands.post(owner, "own-1", event("act-mine", "Mine", 2));
        Commands.awaitState(pool, owner, "own-1", "succeeded");
        String command = created.jsonPath().getString("id");

        for (TestUser stranger : List.of(owner.colleague(), TestUser.fresh())) {
            // When / Then
            String token = stranger.token();
            assertProblem(given().auth().oauth2(token).get("/calendar/events/act-mine"), 404, "not-found");
            assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("title", "Theirs"))
                    .patch("/calendar/events/act-mine"), 404, "not-found");
            assertProblem(given().auth().oauth2(token).delete("/calendar/events/act-mine"), 404, "not-found");
            assertProblem(given().auth().oauth2(token).get("/calendar/commands/" + command), 404, "not-found");
        }
        assertProblem(given().auth().oauth2(TestUser.fresh().adminToken()).get("/calendar/events/act-mine"), 404, "not-found");
        // A colleague may not write into the owner's calendar; the tenant's admin may
        assertProblem(given().auth().oauth2(owner.colleague().token()).contentType(ContentType.JSON)
                .body(with(event("act-theirs", "Theirs", 2), "userId", owner.user())).post("/calendar/events"), 403, "forbidden");
        given().auth().oauth2(owner.adminToken()).contentType(ContentType.JSON).body(Map.of("title", "Renamed by the admin"))
                .patch("/calendar/events/act-mine").then().statusCode(202);
    }

    @Test
    void badInputIsRefusedWithProblemDetails() {
        // Given
        TestUser user = TestUser.fresh();
        String token = user.token();

        // When / Then: each problem named, nothing stored
        Response untitled = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("crmEventId", "act-x", "startsAt", GoogleWritesTest.at(2, "10:00"), "endsAt", GoogleWritesTest.at(2, "09:00")))
                .post("/calendar/events");
        assertProblem(untitled, 422, "validation-failed");
        String detail = untitled.jsonPath().getString("detail");
        assertTrue(detail.contains("event.title") && detail.contains("event.endsAt"), detail);
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("title", "No activity"))
                .post("/calendar/events"), 422, "validation-failed");
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(with(event("act-y", "Zone", 2), "timeZone", "Mars/Olympus")).post("/calendar/events"), 422, "validation-failed");
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("crmEventId", "act-z", "title", "Half", "allDay", true, "startDate", "2026-12-05"))
                .post("/calendar/events"), 422, "validation-failed");
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"crmEventId\": \"act-q\", \"title\": ")
                .post("/calendar/events"), 400, "malformed-request");
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of())
                .patch("/calendar/events/act-none"), 422, "validation-failed");
        assertEquals(null, Commands.crmEvent(pool, user, "act-x"));
    }

    private static Map<String, Object> event(String crmEventId, String title, int days) {
        return Map.of("crmEventId", crmEventId, "title", title, "startsAt", GoogleWritesTest.at(days, "09:00"),
                "endsAt", GoogleWritesTest.at(days, "10:00"));
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(field, value);
        return copy;
    }
}
