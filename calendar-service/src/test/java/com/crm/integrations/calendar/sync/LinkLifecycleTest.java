package com.crm.integrations.calendar.sync;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;
import com.crm.integrations.testing.services.TokenServiceConnections.Connection;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Links follow their connections, as token-service announces them and as the provider's refusals show them:
 * paused while the user must reconnect, resumed where they stopped on reconnection to the same account,
 * started over on another account, ended with the connection.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class LinkLifecycleTest {

    private static final String GOOGLE_EVENTS = "/google/calendar/v3/calendars/primary/events";
    private static final String AUTH_ERROR = """
            {"error":{"errors":[{"domain":"global","reason":"authError","message":"Invalid Credentials","locationType":"header",
            "location":"Authorization"}],"code":401,"message":"Invalid Credentials"}}""";

    @Inject
    Pool pool;

    @Test
    void pausesWhileTheUserMustReconnectAndResumesWhereItStoppedOnTheSameAccount() {
        // Given
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleSyncTest.account());
        google.seed(3, GoogleSyncTest.day(1) + "T08:00:00Z", 60, 30);
        Connection connection = TokenServiceConnections.connect(user, "google", google.account());
        UUID link = synced(user, connection);

        // When: token-service finds the grant dead and says so
        TokenServiceConnections.requireReauthentication(connection);

        // Then
        JsonPath paused = awaitState(user, link, "paused");
        assertEquals("needs_reauth", paused.getString("stateReason"));
        assertEquals("user_must_reconnect", paused.getString("requiredAction"));
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body("{}").post("/calendar/links/" + link + "/syncs")
                .then().statusCode(409);

        // When: the user reconnects the same account
        int syncedBefore = PublishedEvents.of(user, PublishedEvents.SYNCED).size();
        TokenServiceConnections.clearRefusal(connection);
        TokenServiceConnections.connect(user, "google", google.account());
        awaitState(user, link, "active");

        // Then: the resumed link syncs at once, from its cursor (awaited, so that it cannot take the next event)
        JsonPath resumed = PublishedEvents.await(user, PublishedEvents.SYNCED, syncedBefore + 1);
        assertFalse(resumed.getBoolean("fullSync"));
        assertEquals(3, resumed.getInt("totalEvents"));

        // When: an event is added and a sync asked for
        google.createTimed("After reconnect", GoogleSyncTest.day(2) + "T10:00:00", GoogleSyncTest.day(2) + "T11:00:00", "UTC");
        JsonPath run = LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");

        // Then: it went on from its cursor
        assertEquals("incremental", run.getString("kind"));
        assertEquals(1, run.getInt("created"));
        assertEquals(4, new StoredEvents(pool).count(link));
    }

    @Test
    void startsOverWhenTheConnectionReachesAnotherAccount() {
        // Given: a link synced from one account
        TestUser user = TestUser.fresh();
        CalendarStandIn first = CalendarStandIn.google(GoogleSyncTest.account());
        first.seed(3, GoogleSyncTest.day(1) + "T08:00:00Z", 60, 30);
        Connection connection = TokenServiceConnections.connect(user, "google", first.account());
        UUID link = synced(user, connection);

        // When: the user reconnects with another account
        CalendarStandIn second = CalendarStandIn.google(GoogleSyncTest.account());
        second.createTimed("Other account", GoogleSyncTest.day(1) + "T09:00:00", GoogleSyncTest.day(1) + "T09:30:00", "UTC");
        Connection reconnected = TokenServiceConnections.connect(user, "google", second.account());

        // Then: the same link lists the other account from scratch
        assertEquals(connection.id(), reconnected.id());
        PublishedEvents.await(user, PublishedEvents.SYNCED, 2);
        await().atMost(LinksApi.WAIT).until(() -> new StoredEvents(pool).titles(link).equals(List.of("Other account")));
        JsonPath synced = PublishedEvents.await(user, PublishedEvents.SYNCED, 2);
        assertTrue(synced.getBoolean("fullSync"));
        assertEquals(1, synced.getInt("totalEvents"));
        assertEquals(0, synced.getInt("deleted"), "the first account's events were not deleted at the provider: nothing to tell");
    }

    @Test
    void endsWithARevokedConnection() {
        // Given
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleSyncTest.account());
        google.seed(2, GoogleSyncTest.day(1) + "T08:00:00Z", 60, 30);
        Connection connection = TokenServiceConnections.connect(user, "google", google.account());
        UUID link = synced(user, connection);
        assertEquals(2, new StoredEvents(pool).count(link));

        // When
        TokenServiceConnections.disconnect(connection);

        // Then
        JsonPath ended = awaitState(user, link, "ended");
        assertEquals("connection_revoked", ended.getString("stateReason"));
        assertEquals(0, new StoredEvents(pool).count(link), "what it held is no longer kept in step");
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body("{\"calendarId\":\"primary\",\"paused\":false}")
                .put("/calendar/links/" + link).then().statusCode(409);
    }

    @Test
    void aRefusedTokenIsReportedAndTheCallRetriedWithTheFreshOne() {
        // Given
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleSyncTest.account());
        Connection connection = TokenServiceConnections.connect(user, "google", google.account());
        UUID link = synced(user, connection);
        google.createTimed("Next", GoogleSyncTest.day(1) + "T10:00:00", GoogleSyncTest.day(1) + "T11:00:00", "UTC");

        // When: the provider refuses the token once; token-service refreshes it
        String rule = SandboxControl.fault("GET", GOOGLE_EVENTS, 401, AUTH_ERROR, null, 1);
        JsonPath run;
        try {
            run = LinksApi.awaitRun(user, link, LinksApi.requestSync(user, link), "succeeded");
        } finally {
            SandboxControl.removeRule(rule);
        }

        // Then
        assertEquals(1, run.getInt("created"));
        assertEquals("active", LinksApi.link(user, link).getString("state"));
    }

    @Test
    void aRefusalTokenServiceConfirmsPausesTheLinkAndTellsTheUser() {
        // Given: a synced link whose grant is dead at the provider
        TestUser user = TestUser.fresh();
        CalendarStandIn google = CalendarStandIn.google(GoogleSyncTest.account());
        Connection connection = TokenServiceConnections.connect(user, "google", google.account());
        UUID link = synced(user, connection);
        SandboxControl.tokenError("google", google.account(), "invalid_grant", null);

        // When: the provider refuses every call (token-service first hands the fresh token out again, then,
        // once it is some seconds old, refreshes it and finds the grant dead)
        String rule = SandboxControl.fault("GET", GOOGLE_EVENTS, 401, AUTH_ERROR, null, null);
        try {
            LinksApi.requestSync(user, link);
            awaitState(user, link, "paused");
        } finally {
            SandboxControl.removeRule(rule);
            SandboxControl.clearTokenErrors("google", google.account());
        }

        // Then
        JsonPath paused = LinksApi.link(user, link);
        assertEquals("needs_reauth", paused.getString("stateReason"));
        JsonPath failed = PublishedEvents.await(user, PublishedEvents.FAILED, 1);
        assertEquals("auth", failed.getString("category"));
        assertEquals("user_must_reconnect", failed.getString("requiredAction"));
        assertEquals("needs_reauth", TokenServiceConnections.status(connection));
    }

    private static UUID synced(TestUser user, Connection connection) {
        UUID link = LinksApi.awaitLink(user, connection.id());
        PublishedEvents.await(user, PublishedEvents.SYNCED, 1);
        return link;
    }

    private static JsonPath awaitState(TestUser user, UUID link, String state) {
        await().atMost(LinksApi.WAIT).until(() -> state.equals(LinksApi.link(user, link).getString("state")));
        return LinksApi.link(user, link);
    }
}
