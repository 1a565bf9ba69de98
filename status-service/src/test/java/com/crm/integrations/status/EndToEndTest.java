package com.crm.integrations.status;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxMailchimp;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;
import com.crm.integrations.testing.services.TokenServiceConnections.Connection;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The whole way with the real services: token-service connects accounts at the sandbox's providers, calendar-service
 * syncs, mailchimp-service takes webhooks, and status-service shows each step from their events alone.
 */
@QuarkusTest
@WithTestResource(StatusInfrastructure.class)
class EndToEndTest {

    /** The siblings work asynchronously, and may be recovering from another test class's restart of PostgreSQL or Kafka. */
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aGoogleConnectionTurnsActiveShowsItsSyncAndNeedsReconnectingWhenItsGrantDies() {
        TestUser ana = TestUser.fresh();
        String calendar = SandboxControl.url() + "/control/calendar/google/accounts/" + ana.email() + "/events/seed";
        seed(calendar, 4, LocalDate.now(ZoneOffset.UTC).minusDays(10));
        seed(calendar, 3, LocalDate.now(ZoneOffset.UTC).plusDays(5));

        Connection google = TokenServiceConnections.connect(ana, "google");

        JsonPath active = awaitCard(ana, "google-calendar", card -> "active".equals(card.getString("status"))
                && google.id().equals(card.getString("connection.id")), "active once connected");
        assertEquals(true, active.getBoolean("connected"));
        assertEquals(ana.user(), active.getString("owner.userId"));
        JsonPath synced = awaitCard(ana, "google-calendar", card -> card.getString("lastSync") != null
                && Integer.valueOf(7).equals(card.get("usage.totalEvents")), "calendar-service's first sync");
        assertEquals("3 upcoming / 7 total", synced.getString("usageStats.value"));

        TokenServiceConnections.requireReauthentication(google);

        JsonPath dead = awaitCard(ana, "google-calendar", card -> "error".equals(card.getString("status")), "error once the grant died");
        assertEquals("user_must_reconnect", dead.getString("action"));
        assertEquals("user", dead.getString("actionBy"));
        assertEquals("needs_reauth", dead.getString("connection.status"));
        assertEquals("invalid_grant", dead.getString("lastFailure.providerCode"));

        TokenServiceConnections.clearRefusal(google);
        TokenServiceConnections.connect(ana, "google");
        awaitCard(ana, "google-calendar", card -> "active".equals(card.getString("status")), "active again once reconnected");
    }

    @Test
    void aMailchimpWebhookUpdatesTheUsage() {
        TestUser admin = TestUser.fresh();
        Connection key = TokenServiceConnections.connectMailchimpKey(admin);
        String audience = SandboxMailchimp.createAudience(TokenServiceConnections.MAILCHIMP_DATA_CENTRE, "Newsletter");
        SandboxMailchimp.seedMembers(audience, List.of(Map.of("email", "ada@example.com", "status", "subscribed")));
        given().auth().oauth2(admin.adminToken()).contentType(ContentType.JSON).body(Map.of("connectionId", key.id()))
                .put(mailchimpService() + "/mailchimp/audiences/{id}/link", audience).then().statusCode(201);

        JsonPath linked = awaitCard(admin, "mailchimp", card -> Integer.valueOf(1).equals(card.get("usage.members.subscribed")),
                "the imported member");
        assertEquals("tenant", linked.getString("owner.type"));
        assertEquals(1, linked.getInt("usage.audiencesLinked"));

        SandboxMailchimp.subscribe(audience, "user", "grace@example.com", null, null);

        JsonPath after = awaitCard(admin, "mailchimp", card -> Integer.valueOf(2).equals(card.get("usage.members.subscribed"))
                && card.getString("usage.lastWebhookAt") != null, "the webhook's subscriber");
        assertEquals("active", after.getString("status"));
        assertEquals("1 linked / 2 subscribed", after.getString("usageStats.value"));
    }

    private static void seed(String url, int count, LocalDate day) {
        given().contentType(ContentType.JSON).body(Map.of("count", count, "start", day + "T08:00:00Z", "spacingMinutes", 60,
                "durationMinutes", 30, "titlePrefix", "Visit")).post(url).then().statusCode(201);
    }

    private static JsonPath awaitCard(TestUser user, String integration, Predicate<JsonPath> done, String what) {
        try {
            return await().atMost(WAIT).until(() -> card(user, integration), done);
        } catch (org.awaitility.core.ConditionTimeoutException timeout) {
            throw new AssertionError(what + ": not seen within " + WAIT + "; the card is " + card(user, integration).prettify());
        }
    }

    private static JsonPath card(TestUser user, String integration) {
        List<Map<String, Object>> cards = given().auth().oauth2(user.adminToken()).get("/integrations/status").then()
                .statusCode(200).extract().jsonPath().getList("integrations");
        Map<String, Object> card = cards.stream().filter(one -> integration.equals(one.get("id"))).findFirst().orElseThrow();
        return JsonPath.from(new io.vertx.core.json.JsonObject(card).encode());
    }

    private static String mailchimpService() {
        return ConfigProvider.getConfig().getValue(IntegrationInfrastructure.MAILCHIMP_SERVICE_URL, String.class);
    }
}
