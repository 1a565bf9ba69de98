package com.crm.integrations.calendar.rest;

import static com.crm.integrations.testing.contract.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.calendar.sync.LinksApi;
import com.crm.integrations.calendar.sync.PublishedEvents;
import com.crm.integrations.calendar.sync.StoredEvents;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/** The links API: who sees which link, what a user may change, and what bad input gets. */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class LinkApiTest {

    @Inject
    Pool pool;

    @Test
    void aUserSeesTheirLinksAndATenantAdminTheTenants() {
        // Given: two users of one tenant, each with a link, and a user of another tenant
        TestUser user = TestUser.fresh();
        TestUser colleague = user.colleague();
        UUID mine = link(user, "google");
        UUID theirs = link(colleague, "microsoft");

        // When
        List<String> own = ids(given().auth().oauth2(user.token()).get("/calendar/links"));
        List<String> tenant = ids(given().auth().oauth2(user.adminToken()).get("/calendar/links"));

        // Then
        assertEquals(List.of(mine.toString()), own);
        assertTrue(tenant.containsAll(List.of(mine.toString(), theirs.toString())) && tenant.size() == 2, tenant.toString());
        given().auth().oauth2(user.adminToken()).get("/calendar/links/" + theirs).then().statusCode(200);
    }

    @Test
    void anotherUsersOrAnotherTenantsLinkIsUnknownOnEveryEndpoint() {
        // Given
        TestUser owner = TestUser.fresh();
        UUID link = link(owner, "google");
        UUID run = LinksApi.requestSync(owner, link);

        for (TestUser stranger : List.of(owner.colleague(), TestUser.fresh())) {
            // When / Then
            String token = stranger.token();
            assertProblem(given().auth().oauth2(token).get("/calendar/links/" + link), 404, "not-found");
            assertProblem(given().auth().oauth2(token).get("/calendar/links/" + link + "/calendars"), 404, "not-found");
            assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("calendarId", "primary", "paused", true))
                    .put("/calendar/links/" + link), 404, "not-found");
            assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                    .post("/calendar/links/" + link + "/syncs"), 404, "not-found");
            assertProblem(given().auth().oauth2(token).get("/calendar/links/" + link + "/syncs/" + run), 404, "not-found");
        }
        assertProblem(given().auth().oauth2(TestUser.fresh().adminToken()).get("/calendar/links/" + link), 404, "not-found");
    }

    @Test
    void picksAnotherCalendarOfTheAccountAndStartsOverOnIt() {
        // Given: a synced link, and a second calendar in the account with one event
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google("api-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
        String team = teamCalendar(google);
        UUID link = synced(user, google);

        // When: the user lists the account's calendars and picks the team's, with the link's ETag
        List<String> calendars = given().auth().oauth2(user.token()).get("/calendar/links/" + link + "/calendars")
                .then().statusCode(200).extract().jsonPath().getList("id");
        String etag = given().auth().oauth2(user.token()).get("/calendar/links/" + link).header("ETag");
        Response picked = given().auth().oauth2(user.token()).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("calendarId", team, "paused", false)).put("/calendar/links/" + link);

        // Then
        assertTrue(calendars.contains(team), calendars.toString());
        picked.then().statusCode(200);
        assertEquals(team, picked.path("calendarId"));
        assertEquals("Team", picked.path("calendarName"));
        assertNotEquals(etag, picked.header("ETag"));
        assertProblem(given().auth().oauth2(user.token()).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Map.of("calendarId", team, "paused", true)).put("/calendar/links/" + link), 412, "precondition-failed");
        // The link is due at once: its next sync lists the team's calendar in full.
        JsonPath synced = PublishedEvents.await(user, PublishedEvents.SYNCED, 2);
        assertEquals(team, synced.getString("calendarId"));
        assertTrue(synced.getBoolean("fullSync"));
        assertEquals(List.of(1, 0), List.of(synced.getInt("created"), synced.getInt("deleted")),
                "the old calendar's events were forgotten, not deleted at the provider: nothing to tell");
        assertEquals(List.of("Team meeting"), new StoredEvents(pool).titles(link));
    }

    @Test
    void aSyncAskedForAfterThePickedCalendarsFullListingGoesOnFromThatCalendarsCursor() {
        // Given: a link moved to the team's calendar and listed in full there; then an event added to each calendar
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google("api-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
        String team = teamCalendar(google);
        UUID link = synced(user, google);
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("calendarId", team, "paused", false))
                .put("/calendar/links/" + link).then().statusCode(200);
        PublishedEvents.await(user, PublishedEvents.SYNCED, 2);
        google.create(Map.of("calendarId", team, "title", "Team lunch", "start", inDays(3) + "T12:00:00Z",
                "end", inDays(3) + "T13:00:00Z"));
        google.create(Map.of("title", "Dentist", "start", inDays(3) + "T15:00:00Z", "end", inDays(3) + "T16:00:00Z"));

        // When
        JsonPath run = LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");

        // Then: only what changed in the team's calendar since its listing; nothing of the main calendar
        assertEquals("incremental", run.getString("kind"));
        assertEquals(1, run.getInt("created"));
        assertEquals(List.of("Team meeting", "Team lunch"), new StoredEvents(pool).titles(link));
    }

    @Test
    void aPausedLinkDoesNotSyncUntilResumed() {
        // Given
        TestUser user = TestUser.fresh();
        UUID link = link(user, "google");

        // When
        Response paused = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("calendarId", "primary", "paused", true)).put("/calendar/links/" + link);

        // Then
        paused.then().statusCode(200);
        assertEquals("paused", paused.path("state"));
        assertEquals("paused_by_user", paused.path("stateReason"));
        assertProblem(given().auth().oauth2(user.token()).contentType(ContentType.JSON).body("{}")
                .post("/calendar/links/" + link + "/syncs"), 409, "conflict");
        Response resumed = given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("calendarId", "primary", "paused", false)).put("/calendar/links/" + link);
        assertEquals("active", resumed.path("state"));
    }

    @Test
    void badInputGetsAProblem() {
        // Given
        TestUser user = TestUser.fresh();
        UUID link = link(user, "google");
        String base = "/calendar/links/" + link;

        // Then
        assertProblem(put(user, base, "{\"calendarId\":\"primary\"}"), 422, "validation-failed");
        assertProblem(put(user, base, "{\"calendarId\":\"has space\",\"paused\":false}"), 422, "validation-failed");
        assertProblem(put(user, base, "{\"calendarId\":\"no-such-calendar\",\"paused\":false}"), 422, "validation-failed");
        assertProblem(put(user, base, "{\"calendarId\":"), 400, "malformed-request");
        assertProblem(given().auth().oauth2(user.token()).get("/calendar/links/not-a-uuid"), 404, "not-found");
        assertProblem(given().auth().oauth2(user.token()).get("/calendar/links?page=-1"), 422, "validation-failed");
        assertProblem(given().auth().oauth2(user.token()).get("/calendar/links?size=201"), 422, "validation-failed");
        assertProblem(given().auth().oauth2(user.token()).contentType(ContentType.JSON).body("[1]").post(base + "/syncs"), 400,
                "malformed-request");
        assertProblem(given().auth().oauth2(user.token()).get(base + "/syncs/" + UUID.randomUUID()), 404, "not-found");
        assertProblem(given().get("/calendar/links"), 401, "unauthenticated");
    }

    /** Three events in the account's main calendar, and a calendar "Team" with one event; answers the team's id. */
    private static String teamCalendar(CalendarStandIn google) {
        google.seed(3, inDays(1) + "T08:00:00Z", 60, 30);
        String team = google.addCalendar("Team");
        google.create(Map.of("calendarId", team, "title", "Team meeting", "start", inDays(2) + "T09:00:00Z",
                "end", inDays(2) + "T10:00:00Z"));
        return team;
    }

    /** The user's link to the account, once its first sync stored the main calendar's three events. */
    private UUID synced(TestUser user, CalendarStandIn google) {
        UUID link = LinksApi.awaitLink(user, TokenServiceConnections.connect(user, "google", google.account()).id());
        LinksApi.awaitSuccess(user, link);
        await().atMost(LinksApi.WAIT).until(() -> new StoredEvents(pool).count(link) == 3);
        return link;
    }

    private static LocalDate inDays(int days) {
        return LocalDate.now(ZoneOffset.UTC).plusDays(days);
    }

    private static Response put(TestUser user, String path, String body) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(body).put(path);
    }

    private static UUID link(TestUser user, String provider) {
        return LinksApi.awaitLink(user, TokenServiceConnections.connect(user, provider,
                "api-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com").id());
    }

    private static List<String> ids(Response response) {
        return response.then().statusCode(200).extract().jsonPath().getList("id");
    }
}
