package com.crm.integrations.token.refresh;

import static com.crm.integrations.token.refresh.RefreshRunApi.WAIT;
import static com.crm.integrations.token.refresh.RefreshRunApi.connection;
import static com.crm.integrations.token.refresh.RefreshRunApi.sql;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.token.TokenServiceInfrastructure;
import com.crm.integrations.token.service.ConnectionCheckWorker;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Health checks of credentials that never expire (Mailchimp and Mapbox keys, Mailchimp OAuth tokens),
 * and siblings' reports that a provider refused a token: verified before they are believed.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class ConnectionHealthTest {

    @Inject
    Pool pool;

    @Inject
    ConnectionCheckWorker checks;

    private final List<String> rules = new ArrayList<>();
    private TopicReader tokenEvents;
    private String tenant;
    private String admin;

    @BeforeEach
    void setUp() {
        tokenEvents = TopicReader.of(Topics.TOKEN_EVENTS);
        TestUser me = TestUser.fresh();
        tenant = me.tenant();
        admin = SandboxTokens.user(tenant, "admin-" + me.user(), "tenant_admin");
    }

    @AfterEach
    void tearDown() {
        tokenEvents.close();
        rules.forEach(SandboxControl::removeRule);
    }

    private String addKey(String provider, String key) {
        return given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("key", key)).when()
                .post("/connections/" + provider + "/api-keys").then().statusCode(201).extract().path("id");
    }


    private String connectOAuth(String provider) {
        return RefreshRunApi.connect(tenant, provider);
    }

    /** Makes the connection due for its health check, and runs the checks due now. */
    private void checkNow(String id) {
        sql(pool, "UPDATE connection SET next_check_at = now() - interval '1 second' WHERE id = $1", UUID.fromString(id));
        checks.checkDue().await().atMost(WAIT);
    }

    private Response report(String id) {
        return given().auth().oauth2(SandboxTokens.service("calendar-service")).contentType(ContentType.JSON)
                .body(Map.of("status", 401)).when().post("/internal/connections/" + id + "/rejections");
    }

    /** The status changes among the tenant's first {@code count} connection.changed events. */
    private List<String> statusChanges(int count) {
        return tokenEvents.awaitType(tenant, "crm.integrations.connection.changed.v1", count).stream()
                .map(event -> new JsonObject(event.json())).filter(json -> "status_changed".equals(json.getString("change")))
                .map(json -> json.getString("connectionId") + ":" + json.getString("status")).toList();
    }

    /** The tenant's {@code connection.checked} events, as {@code connectionId:outcome:providerCode}. */
    private List<String> checkEvents(int count) {
        return tokenEvents.awaitType(tenant, "crm.integrations.connection.checked.v1", count).stream()
                .map(event -> new JsonObject(event.json()))
                .map(json -> json.getString("connectionId") + ":" + json.getString("outcome") + ":" + json.getString("providerCode"))
                .toList();
    }

    @Test
    void aValidKeyStaysActiveAndItsNextCheckIsSpreadAroundTheInterval() {
        String id = addKey("mailchimp", SandboxControl.mailchimpKey("us14"));
        long pings = SandboxControl.calls("/mailchimp-api/us14/3.0/ping");

        checkNow(id);

        JsonPath row = connection(pool, id);
        assertEquals("active", row.getString("status"));
        assertEquals(pings + 1, SandboxControl.calls("/mailchimp-api/us14/3.0/ping"));
        assertEquals(List.of(id + ":valid:null"), checkEvents(1), "a check that found the key valid says so");
        Duration until = Duration.ofSeconds(nextCheck(id).longValue());
        assertTrue(until.compareTo(Duration.ofMinutes(269)) >= 0 && until.compareTo(Duration.ofMinutes(451)) <= 0, until.toString());
    }

    @Test
    void aConnectionNeverScheduledIsOnlyScheduledAtFirst() {
        String id = addKey("mailchimp", SandboxControl.mailchimpKey("us14"));
        assertNull(nextCheck(id));
        long pings = SandboxControl.calls("/mailchimp-api/us14/3.0/ping");

        checks.checkDue().await().atMost(WAIT);

        assertEquals(pings, SandboxControl.calls("/mailchimp-api/us14/3.0/ping"));
        assertTrue(nextCheck(id) != null);
    }

    @Test
    void aMailchimpKeyDeletedAtMailchimpNeedsReauthWithTheProvidersCode() {
        String key = SandboxControl.mailchimpKey("us14");
        String id = addKey("mailchimp", key);
        given().when().delete(SandboxControl.url() + "/control/mailchimp/api-keys/" + key).then().statusCode(204);

        checkNow(id);

        JsonPath row = connection(pool, id);
        assertEquals("needs_reauth", row.getString("status"));
        assertNotEquals(null, row.getString("last_error_code"));
        assertEquals(List.of(id + ":needs_reauth"), statusChanges(2));
    }

    @Test
    void aRevokedMapboxTokenNeedsReauth() {
        String token = SandboxControl.mapboxToken("mapbox-" + UUID.randomUUID().toString().substring(0, 8));
        String id = addKey("mapbox", token);
        SandboxControl.revokeMapboxToken(token);

        checkNow(id);

        assertEquals("needs_reauth", connection(pool, id).getString("status"));
        assertEquals(List.of(id + ":needs_reauth"), statusChanges(2));
        assertEquals(List.of(id + ":refused:" + connection(pool, id).getString("last_error_code")), checkEvents(1));
    }

    @Test
    void aProviderThatIsDownChangesNothing() {
        String id = addKey("mailchimp", SandboxControl.mailchimpKey("us16"));
        rules.add(SandboxControl.fault("GET", "/mailchimp-api/us16/3.0/ping", 503));
        JsonPath before = connection(pool, id);

        checkNow(id);

        JsonPath after = connection(pool, id);
        assertEquals("active", after.getString("status"));
        assertEquals(before.getInt("consecutive_failures"), after.getInt("consecutive_failures"));
        assertNull(after.getString("last_error_code"));
        assertEquals(List.of(id + ":unreachable:null"), checkEvents(1), "the check was made and reached no verdict");
    }

    @Test
    void aMailchimpOAuthTokenRevokedAtMailchimpNeedsReauth() {
        String id = connectOAuth("mailchimp");
        String account = given().auth().oauth2(admin).when().get("/connections/" + id).then().statusCode(200).extract().path("account.login");
        SandboxControl.revokeAccount("mailchimp", account);

        checkNow(id);

        assertEquals("needs_reauth", connection(pool, id).getString("status"));
    }

    @Test
    void anUnconfirmedRejectionAnswersAFreshTokenOnce() {
        String id = connectOAuth("google");
        String before = given().auth().oauth2(SandboxTokens.service("calendar-service")).when()
                .get("/internal/connections/" + id + "/access-token").then().statusCode(200).extract().path("accessToken");
        sql(pool, "UPDATE connection SET last_refreshed_at = now() - interval '5 minutes' WHERE id = $1", UUID.fromString(id));
        long calls = SandboxControl.calls("/google/token");

        Response first = report(id);
        Response second = report(id);

        first.then().statusCode(200);
        String fresh = first.jsonPath().getString("accessToken");
        assertNotEquals(before, fresh);
        assertEquals(fresh, second.then().statusCode(200).extract().path("accessToken"), "refreshed within 10 s: not again");
        assertEquals(calls + 1, SandboxControl.calls("/google/token"));
        assertEquals("active", connection(pool, id).getString("status"));
    }

    @Test
    void aConfirmedRejectionMarksTheConnection() {
        String id = connectOAuth("google");
        String account = given().auth().oauth2(admin).when().get("/connections/" + id).then().statusCode(200).extract().path("account.login");
        sql(pool, "UPDATE connection SET last_refreshed_at = now() - interval '5 minutes' WHERE id = $1", UUID.fromString(id));
        SandboxControl.revokeAccount("google", account);

        report(id).then().statusCode(409).contentType("application/problem+json");

        assertEquals("needs_reauth", connection(pool, id).getString("status"));
        tokenEvents.awaitType(tenant, "crm.integrations.token.refresh-failed.v1", 1);
        report(id).then().statusCode(409);
    }

    @Test
    void aRejectedKeyIsCheckedBeforeItIsBelieved() {
        String key = SandboxControl.mailchimpKey("us14");
        String id = addKey("mailchimp", key);

        assertEquals(key, report(id).then().statusCode(200).extract().path("accessToken"));
        assertEquals("active", connection(pool, id).getString("status"));

        given().when().delete(SandboxControl.url() + "/control/mailchimp/api-keys/" + key).then().statusCode(204);
        report(id).then().statusCode(409);
        assertEquals("needs_reauth", connection(pool, id).getString("status"));
    }

    @Test
    void onlyServicesReportRejections() {
        String id = addKey("mailchimp", SandboxControl.mailchimpKey("us14"));
        given().auth().oauth2(admin).when().post("/internal/connections/" + id + "/rejections").then().statusCode(403);
        given().when().post("/internal/connections/" + id + "/rejections").then().statusCode(401);
        report(UUID.randomUUID().toString()).then().statusCode(404);
    }

    /** Seconds from now to the connection's next health check; null when none is scheduled. */
    private Double nextCheck(String id) {
        return pool.preparedQuery("SELECT extract(epoch FROM next_check_at - now())::float8 AS next FROM connection WHERE id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(UUID.fromString(id))).await().atMost(WAIT).iterator().next().getDouble("next");
    }
}
