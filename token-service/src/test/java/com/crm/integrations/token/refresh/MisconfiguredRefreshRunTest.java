package com.crm.integrations.token.refresh;

import static com.crm.integrations.token.refresh.RefreshRunApi.connection;
import static com.crm.integrations.token.refresh.RefreshRunApi.count;
import static com.crm.integrations.token.refresh.RefreshRunApi.expireIn;
import static com.crm.integrations.token.refresh.RefreshRunApi.finished;
import static com.crm.integrations.token.refresh.RefreshRunApi.start;
import static com.crm.integrations.token.refresh.RefreshRunApi.started;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

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

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Bringing back the connections a provider's refusal of our app made misconfigured: a run asked with
 * {@code includeMisconfigured} refreshes them once the app is fixed (and tells the siblings), a plain run
 * leaves them alone, and the option keeps to the run's scope.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class MisconfiguredRefreshRunTest {

    /** connection.changed, both versions: the siblings resume their links and audiences on v2's status active. */
    private static final List<String> CHANGED = List.of("crm.integrations.connection.changed.v1", "crm.integrations.connection.changed.v2");

    @Inject
    Pool pool;

    private TopicReader tokenEvents;
    private String tenant;
    private String id;
    private String account;

    /** A Google connection of a fresh tenant that a refresh run made misconfigured: the provider refused our client. */
    @BeforeEach
    void setUp() {
        tokenEvents = TopicReader.of(Topics.TOKEN_EVENTS);
        tenant = TestUser.fresh().tenant();
        id = RefreshRunApi.connect(tenant, "google");
        account = given().auth().oauth2(SandboxTokens.user(tenant, "admin", "tenant_admin")).when().get("/connections/" + id)
                .then().statusCode(200).extract().path("account.login");
        expireIn(pool, id, 120);
        SandboxControl.tokenError("google", account, "invalid_client", null);
        JsonPath refused = finished(started(Map.of("tenantId", tenant)));
        assertEquals(1, count(refused, "misconfigured"), refused.prettify());
        assertEquals("misconfigured", connection(pool, id).getString("status"));
    }

    @AfterEach
    void tearDown() {
        tokenEvents.close();
        SandboxControl.clearTokenErrors("google", account);
    }

    @Test
    void aPlainRunLeavesMisconfiguredConnectionsAlone() {
        // Given: the operator fixed the app
        SandboxControl.clearTokenErrors("google", account);
        long calls = SandboxControl.calls("/google/token");

        // When
        JsonPath run = finished(started(Map.of("tenantId", tenant)));

        // Then
        assertFalse(run.getBoolean("includeMisconfigured"));
        assertEquals(0, total(run), run.prettify());
        assertEquals(calls, SandboxControl.calls("/google/token"));
        assertEquals("misconfigured", connection(pool, id).getString("status"));
    }

    @Test
    void aRunIncludingMisconfiguredBringsThemBackAndTellsTheSiblings() {
        // Given: the operator fixed the app; the token is not due, and the connection waits for its retry time
        SandboxControl.clearTokenErrors("google", account);
        expireIn(pool, id, 3000);
        String notDue = RefreshRunApi.connect(tenant, "google");
        expireIn(pool, notDue, 3000);
        assertTrue(OffsetDateTime.parse(connection(pool, id).getString("retry_at")).toInstant().isAfter(Instant.now()));

        // When
        JsonPath run = finished(started(Map.of("tenantId", tenant, "includeMisconfigured", true)));

        // Then
        assertEquals("completed", run.getString("status"));
        assertTrue(run.getBoolean("includeMisconfigured"));
        assertEquals(1, count(run, "refreshed"), run.prettify());
        assertEquals(1, total(run), "the active connection that is not due is left alone");
        JsonPath row = connection(pool, id);
        assertEquals("active", row.getString("status"));
        assertEquals(0, row.getInt("consecutive_failures"));
        for (String type : CHANGED) {
            // connected, made misconfigured, back
            await().atMost(RefreshRunApi.WAIT).until(() -> changesOf(type).size() >= 3);
            List<JsonObject> changes = changesOf(type);
            JsonObject last = changes.get(changes.size() - 1);
            assertEquals("active", last.getString("status"), type + ": " + changes);
            assertEquals("misconfigured", last.getString("previousStatus"));
            assertEquals("status_changed", last.getString("change"));
        }
    }

    @Test
    void aConnectionStillRefusedStaysMisconfiguredAndIsCountedSo() {
        // Given: the app is still refused

        // When
        JsonPath run = finished(started(Map.of("tenantId", tenant, "includeMisconfigured", true)));

        // Then
        assertEquals("completed", run.getString("status"));
        assertEquals(1, count(run, "misconfigured"), run.prettify());
        assertEquals(Map.of("misconfigured", 1), run.getMap("byProvider.google"));
        JsonPath row = connection(pool, id);
        assertEquals("misconfigured", row.getString("status"));
        assertEquals("invalid_client", row.getString("last_error_code"));
        assertEquals(2, row.getInt("consecutive_failures"));
    }

    @Test
    void theOptionScopedToAnotherProviderLeavesThemAlone() {
        // Given
        SandboxControl.clearTokenErrors("google", account);

        // When
        JsonPath run = finished(started(Map.of("tenantId", tenant, "provider", "microsoft", "includeMisconfigured", true)));

        // Then
        assertEquals(0, total(run), run.prettify());
        assertEquals("misconfigured", connection(pool, id).getString("status"));
    }

    @Test
    void anOptionThatIsNotABooleanIsRefusedAndNothingStarts() {
        // Given
        String before = connection(pool, id).prettify();

        // When
        var answer = start(Map.of("tenantId", tenant, "includeMisconfigured", "yes"));

        // Then: the project's answer to a field of the wrong type (errors.md, malformed-request) names the field
        answer.then().statusCode(400).contentType("application/problem+json");
        assertTrue(answer.jsonPath().getString("detail").contains("'includeMisconfigured'"), answer.asString());
        assertEquals(before, connection(pool, id).prettify());
        List<String> tenants = given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/refresh-runs?size=100")
                .then().statusCode(200).extract().path("tenantId");
        assertEquals(1, tenants.stream().filter(tenant::equals).count(), "only the run that made it misconfigured");
    }

    /** The connection's events of this type so far, in order. */
    private List<JsonObject> changesOf(String type) {
        return tokenEvents.ofTenant(tenant).stream().filter(event -> type.equals(event.type())).map(event -> new JsonObject(event.json()))
                .filter(change -> id.equals(change.getString("connectionId"))).toList();
    }

    private static long total(JsonPath run) {
        return run.getMap("counts").values().stream().mapToLong(n -> ((Number) n).longValue()).sum();
    }
}
