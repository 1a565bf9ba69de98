package com.crm.integrations.token.refresh;

import static com.crm.integrations.token.refresh.RefreshRunApi.connection;
import static com.crm.integrations.token.refresh.RefreshRunApi.count;
import static com.crm.integrations.token.refresh.RefreshRunApi.expireIn;
import static com.crm.integrations.token.refresh.RefreshRunApi.finished;
import static com.crm.integrations.token.refresh.RefreshRunApi.sql;
import static com.crm.integrations.token.refresh.RefreshRunApi.started;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.token.TokenServiceInfrastructure;
import com.crm.integrations.token.config.ProviderRegistry;
import com.crm.integrations.token.oauth.OAuthBrowser;
import com.crm.integrations.token.service.OAuthConnections;
import com.crm.integrations.token.service.ProviderPacer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What protects a provider from a run: its rate limit, its open breaker (which skips, not fails), and,
 * for tokens that live a minute, a refresh-ahead window scaled to the token's lifetime.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class RefreshPacingTest {

    @Inject
    Pool pool;

    @Inject
    OAuthConnections connections;

    @Inject
    ProviderRegistry providers;

    @Inject
    ProviderPacer pacer;

    @Inject
    Vertx vertx;

    private final List<String> rules = new ArrayList<>();
    private String tenant;

    @BeforeEach
    void setUp() {
        tenant = TestUser.fresh().tenant();
    }

    @AfterEach
    void tearDown() {
        rules.forEach(SandboxControl::removeRule);
        CircuitBreakerMaintenance.get().reset("provider-flaky");
    }

    @Test
    void aWaitUnderOneMillisecondDelaysTheCallInsteadOfFailingIt() throws Exception {
        // Given: "swift" allows 4,000 calls a second, so back-to-back slots are 0.25 ms apart
        CompletableFuture<Void> slots = new CompletableFuture<>();

        // When: three slots at once on the event loop, where a delay is a Vert.x timer (whole milliseconds, at least one)
        vertx.getOrCreateContext().runOnContext(ignored -> Uni.join().all(pacer.slot("swift"), pacer.slot("swift"), pacer.slot("swift"))
                .andFailFast().subscribe().with(done -> slots.complete(null), slots::completeExceptionally));

        // Then
        slots.get(5, TimeUnit.SECONDS);
    }

    private List<UUID> seed(String provider, int count) {
        List<SeededGrants.Minted> grants = SeededGrants.mint("generic", count, "p-" + UUID.randomUUID().toString().substring(0, 8));
        List<UUID> ids = SeededGrants.store(connections, providers.find(provider).orElseThrow(), tenant, grants);
        ids.forEach(id -> expireIn(pool, id.toString(), 300));
        return ids;
    }

    private static List<Long> refreshRequestsSince(long since) {
        List<Map<String, Object>> requests = given().queryParam("since", since).when()
                .get(SandboxControl.url() + "/control/generic/token-requests").then().statusCode(200).extract().path("requests");
        return requests.stream().filter(request -> "refresh_token".equals(request.get("grantType")))
                .map(request -> ((Number) request.get("at")).longValue()).sorted().toList();
    }

    @Test
    void aRunHoldsEachProviderToItsRate() {
        // Given: 30 due connections of a provider allowed 10 token calls a second
        seed("paced", 30);
        long since = System.currentTimeMillis();

        // When
        JsonPath run = finished(started(Map.of("tenantId", tenant)));

        // Then: all refreshed, never more than 11 calls in any second, so the 30 took at least 2.9 s
        assertEquals(30, count(run, "refreshed"), run.prettify());
        List<Long> calls = refreshRequestsSince(since);
        assertEquals(30, calls.size());
        int busiest = 0;
        for (int first = 0; first < calls.size(); first++) {
            int inSecond = 0;
            for (int next = first; next < calls.size() && calls.get(next) < calls.get(first) + 1000; next++) {
                inSecond++;
            }
            busiest = Math.max(busiest, inSecond);
        }
        assertTrue(busiest <= 11, "busiest second held " + busiest + " calls");
        assertTrue(calls.get(calls.size() - 1) - calls.get(0) >= 2800, "spread over " + (calls.get(calls.size() - 1) - calls.get(0)) + " ms");
    }

    @Test
    void anOpenBreakerSkipsItsProvidersConnectionsWithoutFailingThem() {
        // Given: a provider that fails every call, until its breaker opens
        List<UUID> ids = seed("flaky", 8);
        rules.add(SandboxControl.fault("POST", "/generic/token", 503, "{\"error\":\"temporarily_unavailable\"}", null, null));
        JsonPath failing = finished(started(Map.of("tenantId", tenant)));
        assertEquals(8, count(failing, "transient_failure") + count(failing, "skipped_breaker_open"), failing.prettify());
        assertTrue(count(failing, "transient_failure") >= 4, failing.prettify());
        sql(pool, "UPDATE connection SET retry_at = NULL WHERE tenant_id = $1", tenant);
        List<Integer> failuresBefore = ids.stream().map(id -> connection(pool, id.toString()).getInt("consecutive_failures")).toList();
        long since = System.currentTimeMillis();

        // When: the next run, the breaker open
        JsonPath skipped = finished(started(Map.of("tenantId", tenant)));

        // Then: every connection skipped, none asked of the provider, none failed further
        assertEquals(8, count(skipped, "skipped_breaker_open"), skipped.prettify());
        assertEquals(List.of(), refreshRequestsSince(since));
        assertEquals(failuresBefore, ids.stream().map(id -> connection(pool, id.toString()).getInt("consecutive_failures")).toList());
        ids.forEach(id -> assertEquals("active", connection(pool, id.toString()).getString("status")));
    }

    @Test
    void aTokenGrantedForAMinuteIsRefreshedAboutOncePerLifetimeHoweverOftenItIsAskedFor() throws Exception {
        // Given: a standards server granting 60 s tokens and rotating refresh tokens with no reuse
        Map<String, Object> policy = given().when().get(SandboxControl.url() + "/control/generic/token-policy").then().statusCode(200)
                .extract().as(Map.class);
        given().contentType(ContentType.JSON).body(Map.of("accessTokenLifetimeSeconds", 60, "rotateRefreshTokens", true)).when()
                .put(SandboxControl.url() + "/control/generic/token-policy").then().statusCode(200);
        try {
            String who = "u-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> outcome = new OAuthBrowser("acme", SandboxTokens.user(tenant, who)).connect(who + "@example.com");
            String id = outcome.get("connection");
            long since = System.currentTimeMillis();

            // When: five calls a second apart while the token is young
            for (int call = 0; call < 5; call++) {
                accessToken(id);
                Thread.sleep(1000);
            }
            // Then: no refresh (a 60 s window would have refreshed on every call)
            assertEquals(0, refreshRequestsSince(since).size());

            // When: the token is 50 s into its 60 s, five more calls
            sql(pool, "UPDATE connection SET last_refreshed_at = now() - interval '50 seconds', access_expires_at = now() + interval '10 seconds'"
                    + " WHERE id = $1", UUID.fromString(id));
            List<String> served = new ArrayList<>();
            for (int call = 0; call < 5; call++) {
                served.add(accessToken(id));
            }

            // Then: one refresh, and every later call gets its token
            assertEquals(1, refreshRequestsSince(since).size());
            assertEquals(1, served.stream().distinct().count(), served.toString());
        } finally {
            given().contentType(ContentType.JSON).body(policy).when().put(SandboxControl.url() + "/control/generic/token-policy")
                    .then().statusCode(200);
        }
    }

    private static String accessToken(String id) {
        return given().auth().oauth2(SandboxTokens.service("calendar-service")).when().get("/internal/connections/" + id + "/access-token")
                .then().statusCode(200).extract().path("accessToken");
    }
}
