package com.crm.integrations.sandbox.calendar;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A connected account at a calendar stand-in (seeded through {@code POST /control/{p}/grants}, so its access token is a
 * real one of the OAuth stand-in), and the control API acting as that account's user.
 */
record CalendarFixture(String provider, String account, String accessToken) {

    static final String GOOGLE_EVENTS = "/google/calendar/v3/calendars/primary/events";
    static final String GRAPH_DELTA = "/graph/v1.0/me/calendarView/delta";

    static void reset() {
        given().post("/control/reset").then().statusCode(204);
    }

    /** {@code <prefix>-1@example.com} connected at {@code provider} ({@code google} or {@code microsoft}). */
    static CalendarFixture connect(String provider, String prefix) {
        Map<String, Object> grant = given().contentType(ContentType.JSON).body(Map.of("count", 1, "accountPrefix", prefix))
                .post("/control/" + provider + "/grants").then().statusCode(200).extract().path("grants[0]");
        return new CalendarFixture(provider, (String) grant.get("account"), (String) grant.get("accessToken"));
    }

    /** A request with the account's bearer token. */
    RequestSpecification api() {
        return given().header("Authorization", "Bearer " + accessToken);
    }

    String control() {
        return "/control/calendar/" + provider + "/accounts/" + account;
    }

    /** Creates an event as the user would in the provider's UI; its stored view. */
    Map<String, Object> create(Map<String, Object> event) {
        return given().contentType(ContentType.JSON).body(event).post(control() + "/events").then().statusCode(201).extract().path("$");
    }

    String createId(Map<String, Object> event) {
        return (String) create(event).get("id");
    }

    Map<String, Object> edit(String eventId, Map<String, Object> changes) {
        return given().contentType(ContentType.JSON).body(changes).patch(control() + "/events/" + eventId).then().statusCode(200)
                .extract().path("$");
    }

    void delete(String eventId) {
        given().delete(control() + "/events/" + eventId).then().statusCode(204);
    }

    void cancelOccurrence(String seriesId, String originalStart) {
        given().delete(control() + "/events/" + seriesId + "/occurrences/" + originalStart).then().statusCode(200);
    }

    List<String> seed(int count, String start, int spacingMinutes) {
        return given().contentType(ContentType.JSON).body(Map.of("count", count, "start", start, "spacingMinutes", spacingMinutes))
                .post(control() + "/events/seed").then().statusCode(201).extract().path("ids");
    }

    void expireSyncTokens() {
        given().post(control() + "/sync-tokens/expire").then().statusCode(204);
    }

    Response throttle(Map<String, Object> rule) {
        return given().contentType(ContentType.JSON).body(rule).post(control() + "/throttles");
    }

    /** The request log's number of the last request so far. */
    long lastRequest() {
        return ((Number) given().get(control() + "/requests").then().statusCode(200).extract().path("last")).longValue();
    }
}
