package com.crm.integrations.token.refresh;

import static com.crm.integrations.token.refresh.RefreshRunApi.WAIT;
import static com.crm.integrations.token.refresh.RefreshRunApi.connection;
import static com.crm.integrations.token.refresh.RefreshRunApi.count;
import static com.crm.integrations.token.refresh.RefreshRunApi.expireIn;
import static com.crm.integrations.token.refresh.RefreshRunApi.finished;
import static com.crm.integrations.token.refresh.RefreshRunApi.sql;
import static com.crm.integrations.token.refresh.RefreshRunApi.start;
import static com.crm.integrations.token.refresh.RefreshRunApi.started;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.token.RefreshRun;
import com.crm.integrations.token.TokenServiceInfrastructure;
import com.crm.integrations.token.service.RefreshRunWorker;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Refresh runs over connections made through the real browser flow at the sandbox's stand-ins: what a
 * run refreshes and leaves alone, its report, one run per scope, who may start one, the window, the
 * connection's own backoff, and one provider call when a run and a caller meet.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class RefreshRunTest {

    @Inject
    Pool pool;

    @Inject
    RefreshRunWorker worker;

    private final List<String> rules = new ArrayList<>();
    private TopicReader tokenEvents;
    private String tenant;
    private String user;

    @BeforeEach
    void setUp() {
        tokenEvents = TopicReader.of(Topics.TOKEN_EVENTS);
        TestUser me = TestUser.fresh();
        tenant = me.tenant();
        user = me.user();
    }

    @AfterEach
    void tearDown() {
        tokenEvents.close();
        rules.forEach(SandboxControl::removeRule);
    }


    private String connect(String provider) {
        return RefreshRunApi.connect(tenant, provider);
    }

    private String accountOf(String id) {
        return given().auth().oauth2(SandboxTokens.user(tenant, "admin", "tenant_admin")).when().get("/connections/" + id)
                .then().statusCode(200).extract().path("account.login");
    }

    private Map<String, Object> tenantScope() {
        return Map.of("tenantId", tenant);
    }

    @Test
    void aScheduledRunRefreshesDueTokensWithNoCallerAndLeavesTheOthers() {
        // Given: two due tokens (Google, Microsoft), one valid for 50 more minutes, one due whose user must reconnect
        String google = connect("google");
        String microsoft = connect("microsoft");
        String fresh = connect("google");
        String dead = connect("google");
        expireIn(pool, google, 300);
        expireIn(pool, microsoft, 120);
        expireIn(pool, fresh, 3000);
        expireIn(pool, dead, 60);
        sql(pool, "UPDATE connection SET status = 'needs_reauth' WHERE id = $1", UUID.fromString(dead));
        String microsoftAccount = accountOf(microsoft);
        Map<String, Object> freshBefore = connection(pool, fresh).getMap("");
        String deadExpiry = connection(pool, dead).getString("access_expires_at");

        // When: the schedule's turn comes (scheduling is off in tests: start it as the schedule does)
        RefreshRun run = worker.startScheduledIfDue(Instant.now()).await().atMost(WAIT).orElseThrow();
        JsonPath report = finished(run.id().toString());

        // Then
        assertEquals("completed", report.getString("status"));
        assertEquals("schedule", report.getString("trigger"));
        for (String id : List.of(google, microsoft)) {
            JsonPath row = connection(pool, id);
            assertTrue(OffsetDateTime.parse(row.getString("access_expires_at")).toInstant().isAfter(Instant.now().plus(Duration.ofMinutes(50))),
                    id + " refreshed: " + row.prettify());
        }
        assertEquals(freshBefore, connection(pool, fresh).getMap(""), "not due: untouched");
        assertEquals("needs_reauth", connection(pool, dead).getString("status"));
        assertEquals(deadExpiry, connection(pool, dead).getString("access_expires_at"), "its user must reconnect: not refreshed");
        // Microsoft's rotated refresh token is the one stored: the new one unused, the old one used once
        List<Map<String, Object>> tokens = SandboxControl.refreshTokens("microsoft", microsoftAccount);
        assertEquals(2, tokens.size(), tokens.toString());
        assertTrue(tokens.stream().allMatch(token -> ((Number) token.get("uses")).intValue() <= 1), tokens.toString());
        List<JsonObject> refreshed = tokenEvents.awaitType(tenant, "crm.integrations.token.refreshed.v1", 2).stream()
                .map(event -> new JsonObject(event.json())).toList();
        assertEquals(Set.of(google, microsoft), Set.copyOf(refreshed.stream().map(event -> event.getString("connectionId")).toList()));
        // the schedule starts one run per interval
        assertTrue(worker.startScheduledIfDue(Instant.now()).await().atMost(WAIT).isEmpty());
    }

    @Test
    void aRunsReportCountsWhatHappenedByOutcomeProviderAndTenant() {
        // Given: in one tenant, due: two Google and one Microsoft that refresh, one Google whose grant is dead, one
        // waiting for its retry time, one whose lease a caller holds; one not due
        String google1 = connect("google");
        String google2 = connect("google");
        String microsoft = connect("microsoft");
        String dead = connect("google");
        String waiting = connect("google");
        String leased = connect("microsoft");
        String notDue = connect("google");
        for (String id : List.of(google1, google2, microsoft, dead, waiting, leased)) {
            expireIn(pool, id, 240);
        }
        SandboxControl.tokenError("google", accountOf(dead), "invalid_grant", null);
        sql(pool, "UPDATE connection SET retry_at = now() + interval '10 minutes' WHERE id = $1", UUID.fromString(waiting));
        sql(pool, "UPDATE connection SET refresh_lease_until = now() + interval '10 minutes' WHERE id = $1", UUID.fromString(leased));

        // When
        JsonPath report = finished(started(tenantScope()));

        // Then
        assertEquals("completed", report.getString("status"));
        assertEquals("operator", report.getString("trigger"));
        assertEquals(tenant, report.getString("tenantId"));
        assertEquals(3, count(report, "refreshed"), report.prettify());
        assertEquals(1, count(report, "needs_reauth"));
        assertEquals(1, count(report, "skipped_retry_at"));
        assertEquals(1, count(report, "skipped_leased"));
        assertEquals(6, report.getMap("counts").values().stream().mapToLong(n -> ((Number) n).longValue()).sum(), "not due: not counted");
        assertEquals(Map.of("refreshed", 2, "needs_reauth", 1, "skipped_retry_at", 1), report.getMap("byProvider.google"));
        assertEquals(Map.of("refreshed", 1, "skipped_leased", 1), report.getMap("byProvider.microsoft"));
        assertEquals(1, report.getInt("tenantsTotal"));
        assertEquals(tenant, report.getString("byTenant[0].tenantId"));
        assertEquals(4, report.getList("slowest").size(), "the refreshes tried, slowest first");
        List<Integer> durations = report.getList("slowest.durationMs");
        assertEquals(durations.stream().sorted(java.util.Comparator.reverseOrder()).toList(), durations);
        assertEquals("needs_reauth", connection(pool, dead).getString("status"));
        assertEquals("invalid_grant", connection(pool, dead).getString("last_error_code"));
        assertNotNull(report.getString("finishedAt"));
        assertTrue(report.getLong("durationMs") >= 0);
        JsonPath untouched = connection(pool, notDue);
        assertEquals(0, untouched.getInt("consecutive_failures"));
        tokenEvents.awaitType(tenant, "crm.integrations.token.refresh-failed.v1", 1);
    }

    @Test
    void aRunOfTheSameScopeIsRefusedWhileOneIsGoingAndNamesIt() {
        // Given: a run slowed down by a 2 s token endpoint
        String id = connect("google");
        expireIn(pool, id, 60);
        rules.add(SandboxControl.latency("POST", "/google/token", 2000, 1));
        String first = started(tenantScope());

        // When
        Response again = start(tenantScope());
        Response otherScope = start(Map.of("tenantId", tenant, "provider", "microsoft"));

        // Then
        again.then().statusCode(409).contentType("application/problem+json");
        assertEquals("/admin/refresh-runs/" + first, again.header("Location"));
        assertTrue(again.jsonPath().getString("detail").contains(first));
        otherScope.then().statusCode(202);
        assertEquals("completed", finished(first).getString("status"));
        finished(otherScope.jsonPath().getString("id"));
        // once it finished, the scope is free again
        finished(started(tenantScope()));
    }

    @Test
    void onlyOperatorsRunAndReadRefreshRuns() {
        String admin = SandboxTokens.user(tenant, user, "tenant_admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{}").when().post("/admin/refresh-runs").then().statusCode(403);
        given().auth().oauth2(SandboxTokens.service("calendar-service")).contentType(ContentType.JSON).body("{}")
                .when().post("/admin/refresh-runs").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{}").when().post("/admin/refresh-runs").then().statusCode(401);
        given().auth().oauth2(admin).when().get("/admin/refresh-runs").then().statusCode(403);
        given().when().get("/admin/refresh-runs/" + UUID.randomUUID()).then().statusCode(401);
        given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/refresh-runs/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void badRequestsAreRefusedAndNothingStarts() {
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("window", "24 hours"), Map.<String, Object>of("window", "P30D"),
                Map.<String, Object>of("window", "PT0S"), Map.<String, Object>of("provider", "nosuch"),
                Map.<String, Object>of("trigger", "schedule"), Map.<String, Object>of("tenantId", tenant, "window", "-PT1H"))) {
            start(bad).then().statusCode(422).contentType("application/problem+json");
        }
        given().auth().oauth2(SandboxTokens.operator("ops")).contentType(ContentType.JSON).body("{\"window\":")
                .when().post("/admin/refresh-runs").then().statusCode(400);
        // paging out of bounds: 422; not a number: JAX-RS's 404 for a query parameter it cannot convert
        Map<String, Integer> paging = Map.of("size=0", 422, "size=101", 422, "page=-1", 422, "size=ten", 404);
        paging.forEach((query, status) -> given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/refresh-runs?" + query)
                .then().statusCode(status).contentType("application/problem+json"));
        List<String> tenants = given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/refresh-runs?size=100")
                .then().statusCode(200).extract().path("tenantId");
        assertFalse(tenants.contains(tenant));
    }

    @Test
    void aWiderWindowRefreshesEveryTokenExpiringWithinIt() {
        // Given: a token valid for three more hours: not due by the default margin
        String id = connect("google");
        expireIn(pool, id, 3 * 3600);
        JsonPath narrow = finished(started(tenantScope()));
        assertEquals(0, count(narrow, "refreshed"));

        // When
        JsonPath wide = finished(started(Map.of("tenantId", tenant, "window", "PT24H")));

        // Then
        assertEquals("PT24H", wide.getString("window"));
        assertTrue(wide.getBoolean("windowExplicit"));
        assertEquals(1, count(wide, "refreshed"), wide.prettify());
        // a connection is refreshed at most once per run, even when its new token falls in the window again
        assertEquals(1, wide.getMap("counts").values().stream().mapToLong(n -> ((Number) n).longValue()).sum());
    }

    @Test
    void transientFailuresBackOffPerConnectionInsteadOfEveryRun() {
        // Given: the provider fails for a while
        String id = connect("google");
        expireIn(pool, id, 120);
        rules.add(SandboxControl.fault("POST", "/google/token", 503, "{\"error\":\"server_error\"}", null, null));

        // When / Then: each failure pushes retry_at further out (full jitter: between the floor and a doubling ceiling)
        List<Long> pauses = new ArrayList<>();
        for (int failure = 1; failure <= 3; failure++) {
            JsonPath run = finished(started(tenantScope()));
            assertEquals(1, count(run, "transient_failure"), run.prettify());
            JsonPath row = connection(pool, id);
            assertEquals(failure, row.getInt("consecutive_failures"));
            assertEquals("active", row.getString("status"));
            Instant retryAt = OffsetDateTime.parse(row.getString("retry_at")).toInstant();
            pauses.add(Duration.between(Instant.now(), retryAt).toSeconds());
            // a run before retry_at does not ask the provider
            long calls = SandboxControl.calls("/google/token");
            JsonPath skipped = finished(started(tenantScope()));
            assertEquals(1, count(skipped, "skipped_retry_at"));
            assertEquals(calls, SandboxControl.calls("/google/token"));
            sql(pool, "UPDATE connection SET retry_at = now() - interval '1 second' WHERE id = $1", UUID.fromString(id));
        }
        assertTrue(pauses.get(0) >= 28 && pauses.get(0) <= 30, pauses.toString());
        assertTrue(pauses.get(1) >= 28 && pauses.get(1) <= 60, pauses.toString());
        assertTrue(pauses.get(2) >= 28 && pauses.get(2) <= 120, pauses.toString());
    }

    @Test
    void aCallerWaitingWhileARunRefreshesGetsTheNewTokenFromOneProviderCall() throws Exception {
        // Given: an expired token, and a run whose refresh takes 1.5 s at the provider
        String id = connect("google");
        expireIn(pool, id, -30);
        rules.add(SandboxControl.latency("POST", "/google/token", 1500, 1));
        long callsBefore = SandboxControl.calls("/google/token");
        String runId = started(tenantScope());
        await().atMost(WAIT).until(() -> connection(pool, id).getString("refresh_lease_until") != null);

        // When: a sibling asks for the token meanwhile
        CompletableFuture<Response> caller = CompletableFuture.supplyAsync(() -> given()
                .auth().oauth2(SandboxTokens.service("calendar-service")).when().get("/internal/connections/" + id + "/access-token"));

        // Then: it waits for the run's refresh and gets its token; the provider was asked once
        Response answer = caller.get(20, java.util.concurrent.TimeUnit.SECONDS);
        answer.then().statusCode(200);
        assertEquals(1, count(finished(runId), "refreshed"));
        assertEquals(1, SandboxControl.calls("/google/token") - callsBefore);
        String served = answer.jsonPath().getString("accessToken");
        String now = given().auth().oauth2(SandboxTokens.service("calendar-service")).when()
                .get("/internal/connections/" + id + "/access-token").then().statusCode(200).extract().path("accessToken");
        assertEquals(now, served);
        assertNotEquals(null, served);
    }

    @Test
    void metricsCountRefreshesByProviderAndOutcomeAndRunsByTriggerAndStatus() {
        // Given
        String id = connect("google");
        expireIn(pool, id, 120);
        double refreshedBefore = metric("integrations_token_refreshes_total{outcome=\"refreshed\",provider=\"google\"}");
        double runsBefore = metric("integrations_token_refresh_runs_total{status=\"completed\",trigger=\"operator\"}");

        // When
        finished(started(tenantScope()));

        // Then
        assertTrue(metric("integrations_token_refreshes_total{outcome=\"refreshed\",provider=\"google\"}") >= refreshedBefore + 1);
        assertEquals(runsBefore + 1, metric("integrations_token_refresh_runs_total{status=\"completed\",trigger=\"operator\"}"));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("integrations_token_refresh_duration_seconds_bucket{provider=\"google\""), "latency histogram");
        assertTrue(metrics.contains("integrations_token_refresh_due "), "due now");
        assertTrue(metrics.contains("integrations_token_refresh_most_overdue_seconds "), "most overdue");
    }

    /** A sample's value in /q/metrics (0 when absent). */
    private static double metric(String series) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(series + " ")).mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst().orElse(0);
    }

    @Test
    void aRunStillGoingAfterAnHourIsFailedSoItsScopeIsFreed() {
        // Given: a run of this tenant's scope that a dead cluster left running two hours ago
        UUID stuck = UUID.randomUUID();
        sql(pool, "INSERT INTO refresh_run (id, trigger, requested_by, tenant_id, scope, window_seconds, window_explicit, status, started_at)"
                + " VALUES ($1, 'operator', 'ops', $2, $3, 600, false, 'running', now() - interval '2 hours')", stuck, tenant, "tenant:" + tenant);

        // When
        worker.tick().await().atMost(WAIT);

        // Then
        JsonPath failed = RefreshRunApi.run(stuck.toString());
        assertEquals("failed", failed.getString("status"));
        assertTrue(failed.getString("error").contains("still running after"), failed.prettify());
        finished(started(tenantScope()));
    }

    @Test
    void finishedRunsArePrunedAfterTheRetentionWithTheirItems() {
        // Given: a run finished 8 days ago (retention: 7), one finished yesterday
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        String insert = "INSERT INTO refresh_run (id, trigger, requested_by, tenant_id, scope, window_seconds, window_explicit, status, started_at,"
                + " finished_at) VALUES ($1, 'operator', 'ops', $2, $3, 600, false, $4, $5, $5)";
        sql(pool, insert, old, tenant, "old:" + tenant, "completed", OffsetDateTime.now().minusDays(8));
        sql(pool, "INSERT INTO refresh_run_item (run_id, connection_id, tenant_id, provider, outcome, replica, claimed_at)"
                + " VALUES ($1, $2, $3, 'google', 'refreshed', 'r', now())", old, UUID.randomUUID(), tenant);
        sql(pool, insert, recent, tenant, "recent:" + tenant, "completed", OffsetDateTime.now().minusDays(1));

        // When
        worker.prune().await().atMost(WAIT);

        // Then
        given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/refresh-runs/" + old).then().statusCode(404);
        assertEquals(0L, pool.preparedQuery("SELECT count(*) AS n FROM refresh_run_item WHERE run_id = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(old))
                .await().atMost(WAIT).iterator().next().getLong("n"));
        assertEquals("completed", RefreshRunApi.run(recent.toString()).getString("status"));
    }
}
