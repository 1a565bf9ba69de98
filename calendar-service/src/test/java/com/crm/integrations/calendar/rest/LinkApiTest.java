package com.crm.integrations.calendar.rest;

import static com.crm.integrations.testing.contract.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.calendar.sync.LinksApi;
import com.crm.integrations.calendar.sync.StoredEvents;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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
        google.seed(3, java.time.LocalDate.now().plusDays(1) + "T08:00:00Z", 60, 30);
        String team = given().contentType(ContentType.JSON).body(Map.of("name", "Team"))
                .post(SandboxControl.url() + "/control/calendar/google/accounts/" + google.account() + "/calendars")
                .then().statusCode(201).extract().path("id");
        google.create(Map.of("calendarId", team, "title", "Team meeting", "start", java.time.LocalDate.now().plusDays(2) + "T09:00:00Z",
                "end", java.time.LocalDate.now().plusDays(2) + "T10:00:00Z"));
        UUID link = LinksApi.awaitLink(user, TokenServiceConnections.connect(user, "google", google.account()).id());
        LinksApi.awaitSuccess(user, link);
        await().atMost(LinksApi.WAIT).until(() -> new StoredEvents(pool).count(link) == 3);

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
        UUID run = LinksApi.requestSync(user, link);
        assertEquals("full", LinksApi.awaitRun(user, link, run, "succeeded").getString("kind"));
        assertEquals(List.of("Team meeting"), new StoredEvents(pool).titles(link));
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
