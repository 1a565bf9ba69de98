package com.crm.integrations.sandbox.calendar;

import static com.crm.integrations.sandbox.calendar.CalendarFixture.GRAPH_DELTA;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Graph's single-value extended properties: how calendar-service tags its events with the CRM's id and finds them again. */
@QuarkusTest
class GraphExtendedPropertiesTest {

    private static final String EVENTS = "/graph/v1.0/me/events";
    private static final String CRM_ID = "String {66f5a359-4659-4638-ad5c-2c5ba7a2b6c4} Name crmId";
    private static final String OTHER = "String {66f5a359-4659-4638-ad5c-2c5ba7a2b6c4} Name source";
    private static final String EXPAND_CRM_ID = "singleValueExtendedProperties($filter=id eq '" + CRM_ID + "')";

    private CalendarFixture user;

    @BeforeEach
    void connect() {
        CalendarFixture.reset();
        user = CalendarFixture.connect("microsoft", "svep");
    }

    @Test
    void keepsThePropertiesOfACreatedEventOutOfItsJsonUnlessExpanded() {
        // Given
        String id = create("Call", "2025-03-05T13:00:00", Map.of(CRM_ID, "act-1", OTHER, "crm")).then().statusCode(201)
                .body("$", not(hasKey("singleValueExtendedProperties"))).extract().path("id");

        // When
        Response expanded = user.api().queryParam("$expand", EXPAND_CRM_ID).get(EVENTS + "/" + id);

        // Then: only the property asked for
        expanded.then().statusCode(200)
                .body("subject", equalTo("Call"))
                .body("singleValueExtendedProperties", equalTo(List.of(Map.of("id", CRM_ID, "value", "act-1"))));
        user.api().get(EVENTS + "/" + id).then().body("$", not(hasKey("singleValueExtendedProperties")));
    }

    @Test
    void showsNoPropertiesWhenTheEventLacksTheOneAskedFor() {
        // Given
        String id = create("Call", "2025-03-05T13:00:00", Map.of(OTHER, "crm")).path("id");

        // When
        Response expanded = user.api().queryParam("$expand", EXPAND_CRM_ID).get(EVENTS + "/" + id);

        // Then
        expanded.then().statusCode(200).body("$", not(hasKey("singleValueExtendedProperties")));
    }

    @Test
    void setsAndReplacesPropertiesByIdOnPatchKeepingTheOthers() {
        // Given
        String id = create("Call", "2025-03-05T13:00:00", Map.of(CRM_ID, "act-1", OTHER, "crm")).path("id");

        // When: the GUID's and the keywords' case do not matter
        Response patched = user.api().contentType(ContentType.JSON).body(Map.of("singleValueExtendedProperties",
                List.of(Map.of("id", "string {66F5A359-4659-4638-AD5C-2C5BA7A2B6C4} name crmId", "value", "act-2"))))
                .patch(EVENTS + "/" + id);

        // Then
        patched.then().statusCode(200).body("$", not(hasKey("singleValueExtendedProperties")));
        given().get(user.control() + "/events").then()
                .body("events[0].privateProperties", equalTo(Map.of(CRM_ID, "act-2", OTHER, "crm")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[{\"id\": \"crmId\", \"value\": \"act-1\"}]",
            "[{\"id\": \"String {not-a-guid} Name crmId\", \"value\": \"act-1\"}]",
            "[{\"id\": \"Integer {66f5a359-4659-4638-ad5c-2c5ba7a2b6c4} Name crmId\", \"value\": \"1\"}]",
            "[{\"id\": \"String {66f5a359-4659-4638-ad5c-2c5ba7a2b6c4} Id 0x8001\", \"value\": \"act-1\"}]",
            "[{\"id\": \"String {66f5a359-4659-4638-ad5c-2c5ba7a2b6c4} Name crmId\"}]",
            "[{\"id\": \"String {66f5a359-4659-4638-ad5c-2c5ba7a2b6c4} Name crmId\", \"value\": 7}]",
            "{\"id\": \"String {66f5a359-4659-4638-ad5c-2c5ba7a2b6c4} Name crmId\", \"value\": \"act-1\"}"
    })
    void refusesAMalformedPropertyOnCreateAndPatch(String properties) {
        // Given
        String id = create("Call", "2025-03-05T13:00:00", Map.of()).path("id");
        String times = "\"start\": {\"dateTime\": \"2025-03-06T13:00:00\", \"timeZone\": \"UTC\"}, \"end\": {\"dateTime\": \"2025-03-06T14:00:00\", \"timeZone\": \"UTC\"}";

        // When
        Response created = user.api().contentType(ContentType.JSON).body("{" + times + ", \"singleValueExtendedProperties\": " + properties + "}")
                .post(EVENTS);

        // Then
        created.then().statusCode(400).body("error.code", equalTo("ErrorInvalidRequest")).body("error.innerError.request-id", not(nullValue()));
        user.api().contentType(ContentType.JSON).body("{\"singleValueExtendedProperties\": " + properties + "}").patch(EVENTS + "/" + id)
                .then().statusCode(400).body("error.code", equalTo("ErrorInvalidRequest"));
        given().get(user.control() + "/events").then().body("events", hasSize(1)).body("events[0].privateProperties", equalTo(Map.of()));
    }

    @Test
    void findsTheLiveEventsOfTheDefaultCalendarWithAPropertysValue() {
        // Given: a series, a single event, another value, a deleted one, and one in another calendar
        String series = create("Standup", "2025-03-03T09:00:00", Map.of(CRM_ID, "act-1"), """
                "recurrence": {"pattern": {"type": "daily", "interval": 1}, "range": {"type": "numbered", "startDate": "2025-03-03", "numberOfOccurrences": 3}},
                """).path("id");
        String single = create("Call", "2025-03-01T09:00:00", Map.of(CRM_ID, "act-1")).path("id");
        create("Other", "2025-03-02T09:00:00", Map.of(CRM_ID, "act-2"));
        String gone = create("Gone", "2025-03-02T10:00:00", Map.of(CRM_ID, "act-1")).path("id");
        user.api().delete(EVENTS + "/" + gone).then().statusCode(204);
        String work = given().contentType(ContentType.JSON).body(Map.of("name", "Work")).post(user.control() + "/calendars").then()
                .extract().path("id");
        user.api().contentType(ContentType.JSON).body(body("Elsewhere", "2025-03-01T08:00:00", Map.of(CRM_ID, "act-1"), ""))
                .post("/graph/v1.0/me/calendars/" + work + "/events").then().statusCode(201);

        // When
        Response found = user.api()
                .queryParam("$filter", "singleValueExtendedProperties/Any(ep: ep/id eq '" + CRM_ID + "' and ep/value eq 'act-1')")
                .queryParam("$expand", EXPAND_CRM_ID)
                .get(EVENTS);

        // Then
        found.then().statusCode(200)
                .body("'@odata.context'", startsWith("http"))
                .body("value.id", contains(single, series))
                .body("value.type", contains("singleInstance", "seriesMaster"))
                .body("value[0].singleValueExtendedProperties", equalTo(List.of(Map.of("id", CRM_ID, "value", "act-1"))))
                .body("value[1].singleValueExtendedProperties", equalTo(List.of(Map.of("id", CRM_ID, "value", "act-1"))))
                .body("$", not(hasKey("@odata.nextLink")));
    }

    @Test
    void listsACalendarsEventsInPagesThatKeepTheExpansion() {
        // Given
        String work = given().contentType(ContentType.JSON).body(Map.of("name", "Work")).post(user.control() + "/calendars").then()
                .extract().path("id");
        for (int i = 1; i <= 3; i++) {
            user.api().contentType(ContentType.JSON).body(body("Call " + i, "2025-03-0" + i + "T09:00:00", Map.of(CRM_ID, "act-" + i), ""))
                    .post("/graph/v1.0/me/calendars/" + work + "/events").then().statusCode(201);
        }
        create("Default calendar", "2025-03-01T09:00:00", Map.of(CRM_ID, "act-1"));

        // When
        Response first = user.api().header("Prefer", "odata.maxpagesize=2").queryParam("$expand", EXPAND_CRM_ID)
                .get("/graph/v1.0/me/calendars/" + work + "/events");

        // Then
        first.then().statusCode(200).body("value.subject", contains("Call 1", "Call 2"));
        String next = first.path("'@odata.nextLink'");
        // verbatim: REST Assured would encode it again
        user.api().urlEncodingEnabled(false).get(next).then().statusCode(200)
                .body("value.subject", contains("Call 3"))
                .body("value[0].singleValueExtendedProperties[0].value", equalTo("act-3"))
                .body("$", not(hasKey("@odata.nextLink")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "subject eq 'Call'",
            "singleValueExtendedProperties/Any(ep: ep/id eq 'crmId' and ep/value eq 'act-1')",
            "singleValueExtendedProperties/Any(ep: ep/id eq '" + CRM_ID + "')",
            "singleValueExtendedProperties/Any(ep: ep/id eq '" + CRM_ID + "' or ep/value eq 'act-1')"
    })
    void refusesAnotherFilter(String filter) {
        // When
        Response listed = user.api().queryParam("$filter", filter).get(EVENTS);

        // Then
        listed.then().statusCode(400).body("error.code", equalTo("ErrorInvalidUrlQueryFilter"));
    }

    @Test
    void refusesAnotherExpand() {
        // Given
        String id = create("Call", "2025-03-05T13:00:00", Map.of(CRM_ID, "act-1")).path("id");

        // When
        Response read = user.api().queryParam("$expand", "singleValueExtendedProperties").get(EVENTS + "/" + id);

        // Then
        read.then().statusCode(400).body("error.code", equalTo("BadRequest"));
    }

    @Test
    void neverCarriesThemInDelta() {
        // Given
        create("Call", "2025-03-05T13:00:00", Map.of(CRM_ID, "act-1"));

        // When
        Response round = user.api().queryParam("$expand", EXPAND_CRM_ID)
                .get(GRAPH_DELTA + "?startDateTime=2025-03-01T00:00:00Z&endDateTime=2025-04-01T00:00:00Z");

        // Then
        round.then().statusCode(200).body("value", hasSize(1)).body("value[0]", not(hasKey("singleValueExtendedProperties")));
    }

    @Test
    void takesThemFromTheControlApiByTheirId() {
        // Given: the user's own tag, as if an earlier run of the client had made the event
        user.create(Map.of("title", "Orphan", "start", "2025-03-05T13:00:00Z", "privateProperties", Map.of(CRM_ID, "act-9")));

        // When
        Response found = user.api()
                .queryParam("$filter", "singleValueExtendedProperties/Any(ep: ep/id eq '" + CRM_ID + "' and ep/value eq 'act-9')")
                .get(EVENTS);

        // Then
        found.then().statusCode(200).body("value.subject", contains("Orphan"));
        given().contentType(ContentType.JSON).body(Map.of("title", "x", "start", "2025-03-05T13:00:00Z", "privateProperties", Map.of("crmId", "act-9")))
                .post(user.control() + "/events").then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    private Response create(String subject, String start, Map<String, String> properties) {
        return create(subject, start, properties, "");
    }

    private Response create(String subject, String start, Map<String, String> properties, String extra) {
        return user.api().contentType(ContentType.JSON).body(body(subject, start, properties, extra)).post(EVENTS);
    }

    private static String body(String subject, String start, Map<String, String> properties, String extra) {
        StringBuilder list = new StringBuilder();
        properties.forEach((id, value) -> list.append(list.isEmpty() ? "" : ", ").append("{\"id\": \"").append(id).append("\", \"value\": \"")
                .append(value).append("\"}"));
        return "{\"subject\": \"" + subject + "\", " + extra + "\"start\": {\"dateTime\": \"" + start + "\", \"timeZone\": \"UTC\"}, "
                + "\"end\": {\"dateTime\": \"" + start.replace("T09:", "T10:").replace("T13:", "T14:") + "\", \"timeZone\": \"UTC\"}, "
                + "\"singleValueExtendedProperties\": [" + list + "]}";
    }
}
