package com.crm.integrations.token.oauth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.Topics;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.token.TokenServiceInfrastructure;
import com.crm.integrations.testing.events.TopicReader;
import com.crm.integrations.testing.contract.TestUser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The internal access-token API and refreshing one connection: each outcome with the connection's
 * status and the event it publishes, Microsoft's rotated refresh token, one refresh for many callers.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class AccessTokenRefreshTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;


    private TopicReader tokenEvents;
    private final List<String> rules = new ArrayList<>();
    private String tenant;
    private String user;
    private String account;

    @BeforeEach
    void setUp() {
        tokenEvents = TopicReader.of(Topics.TOKEN_EVENTS);
        TestUser me = TestUser.fresh();
        tenant = me.tenant();
        user = me.user();
        account = me.email();
    }

    @AfterEach
    void tearDown() {
        tokenEvents.close();
        rules.forEach(SandboxControl::removeRule);
    }

    private String connect(String provider) {
        Map<String, String> outcome = new OAuthBrowser(provider, SandboxTokens.user(tenant, user)).connect(account);
        assertEquals("connected", outcome.get("outcome"), outcome.toString());
        return outcome.get("connection");
    }

    private Response accessToken(String id) {
        return given().auth().oauth2(SandboxTokens.service("calendar-service")).when()
                .get("/internal/connections/" + id + "/access-token");
    }

    private String token(String id) {
        return accessToken(id).then().statusCode(200).extract().path("accessToken");
    }

    /** Makes the stored access token expire in {@code seconds} (negative: already expired). */
    private void expireIn(String id, int seconds) {
        pool.preparedQuery("UPDATE connection SET access_expires_at = now() + make_interval(secs => $2), last_refreshed_at = now() + make_interval(secs => $2) - interval '1 hour' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id), (double) seconds)).await().atMost(WAIT);
    }

    private io.restassured.path.json.JsonPath connection(String id) {
        return given().auth().oauth2(SandboxTokens.user(tenant, user)).when().get("/connections/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    /** The token events of this test's tenant with {@code type} (each as catalogued), waiting until {@code count} arrived. */
    private List<JsonObject> events(String type, int count) {
        return tokenEvents.awaitType(tenant, "crm.integrations." + type + ".v1", count).stream()
                .map(event -> new JsonObject(event.json())).toList();
    }

    @Test
    void refreshesAnExpiringTokenBeforeHandingItOut() {
        // Given
        String id = connect("google");
        String before = token(id);
        expireIn(id, 30);

        // When
        String after = token(id);

        // Then
        assertNotEquals(before, after);
        assertEquals(1, SandboxControl.refreshTokens("google", account).get(0).get("uses"));
        List<JsonObject> refreshed = events("token.refreshed", 1);
        assertEquals(1, refreshed.size());
        assertEquals(id, refreshed.get(0).getString("connectionId"));
        assertTrue(refreshed.get(0).getString("accessTokenExpiresAt") != null);
        assertEquals(after, token(id), "the refreshed token is stored and served");
    }

    @Test
    void storesMicrosoftsRotatedRefreshTokenAndNeverUsesOneTwice() {
        // Given
        String id = connect("microsoft");
        expireIn(id, 10);
        token(id);
        expireIn(id, 10);

        // When: the second refresh must present the token the first one received
        String third = token(id);

        // Then
        List<Map<String, Object>> issued = SandboxControl.refreshTokens("microsoft", account);
        assertEquals(3, issued.size(), issued.toString());
        issued.forEach(token -> assertTrue(((Number) token.get("uses")).intValue() <= 1, issued.toString()));
        assertEquals(2, issued.stream().filter(token -> "rotated".equals(token.get("state"))).count(), issued.toString());
        assertEquals("active", connection(id).getString("status"));
        assertEquals(third, token(id));
    }

    @Test
    void manyConcurrentCallersCauseOneRefresh() throws Exception {
        // Given
        String id = connect("google");
        expireIn(id, 20);
        long tokenCallsBefore = SandboxControl.calls("/google/token");
        ExecutorService callers = Executors.newFixedThreadPool(50);

        // When
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> accessToken(id).statusCode(), callers));
            }
            for (CompletableFuture<Integer> answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            callers.shutdownNow();
        }

        // Then
        assertEquals(1, SandboxControl.calls("/google/token") - tokenCallsBefore);
        assertEquals(1, SandboxControl.refreshTokens("google", account).get(0).get("uses"));
        assertEquals(1, events("token.refreshed", 1).size());
    }

    @Test
    void aCallerWaitsForTheRefreshAnotherHoldsWhenTheTokenExpired() throws Exception {
        // Given: an expired token and a slow provider
        String id = connect("google");
        expireIn(id, -60);
        rules.add(SandboxControl.latency("POST", "/google/token", 1500, 1));
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> accessToken(id));
        Thread.sleep(300);

        // When
        Response second = accessToken(id);

        // Then: it waited for the first one's refresh rather than refreshing again or failing
        assertEquals(200, second.statusCode());
        assertEquals(200, first.get().statusCode());
        assertEquals(first.get().jsonPath().getString("accessToken"), second.jsonPath().getString("accessToken"));
        assertEquals(1, SandboxControl.refreshTokens("google", account).get(0).get("uses"));
    }

    @Test
    void aDeadGrantMarksTheConnectionNeedsReauth() {
        // Given
        String id = connect("google");
        SandboxControl.revokeAccount("google", account);
        expireIn(id, -60);

        // When
        Response answer = accessToken(id);

        // Then
        answer.then().statusCode(409).contentType("application/problem+json");
        var connection = connection(id);
        assertEquals("needs_reauth", connection.getString("status"));
        assertEquals("auth", connection.getString("lastError.category"));
        assertEquals("invalid_grant", connection.getString("lastError.providerCode"));
        assertEquals(1, connection.getInt("consecutiveFailures"));
        JsonObject failed = events("token.refresh-failed", 1).get(0);
        assertEquals("auth", failed.getString("category"));
        assertEquals("user_must_reconnect", failed.getString("action"));
        assertEquals("needs_reauth", failed.getString("status"));
        JsonObject changed = events("connection.changed", 2).get(1);
        assertEquals("status_changed", changed.getString("change"));
        assertEquals("needs_reauth", changed.getString("status"));
        assertEquals("active", changed.getString("previousStatus"));
        accessToken(id).then().statusCode(409);
    }

    @Test
    void microsoftMfaRequiredMarksNeedsReauthWithItsCode() {
        // Given
        String id = connect("microsoft");
        SandboxControl.tokenError("microsoft", account, "invalid_grant", 50076);
        expireIn(id, -60);

        // When
        accessToken(id).then().statusCode(409);

        // Then
        var connection = connection(id);
        assertEquals("needs_reauth", connection.getString("status"));
        assertEquals("AADSTS50076", connection.getString("lastError.providerCode"));
        SandboxControl.clearTokenErrors("microsoft", account);
    }

    @Test
    void aRefusedClientMarksTheConnectionMisconfigured() {
        // Given
        String id = connect("google");
        rules.add(SandboxControl.fault("POST", "/google/token", 401, "{\"error\":\"invalid_client\",\"error_description\":\"Unauthorized\"}",
                null, null));
        expireIn(id, -60);

        // When
        accessToken(id).then().statusCode(409);

        // Then
        assertEquals("misconfigured", connection(id).getString("status"));
        JsonObject failed = events("token.refresh-failed", 1).get(0);
        assertEquals("misconfigured", failed.getString("category"));
        assertEquals("operator_must_fix", failed.getString("action"));
    }

    @Test
    void aProviderOutageRetriesThenServesTheStillValidToken() {
        // Given: two 503s then an answer would be retried through; make every attempt fail
        String id = connect("google");
        String before = token(id);
        rules.add(SandboxControl.fault("POST", "/google/token", 503, "{\"error\":\"server_error\"}", null, null));
        expireIn(id, 30);
        long callsBefore = SandboxControl.calls("/google/token");

        // When
        String served = token(id);

        // Then: the first attempt and two retries, then the token that still works
        assertEquals(before, served);
        assertEquals(3, SandboxControl.calls("/google/token") - callsBefore);
        var connection = connection(id);
        assertEquals("active", connection.getString("status"));
        assertEquals("transient", connection.getString("lastError.category"));
        JsonObject failed = events("token.refresh-failed", 1).get(0);
        assertEquals("wait_and_retry", failed.getString("action"));
    }

    @Test
    void aProviderTimeoutIsRetried() {
        // Given: the first attempt outlasts the 5 s per-attempt timeout of the test configuration
        String id = connect("google");
        String before = token(id);
        rules.add(SandboxControl.latency("POST", "/google/token", 7000, 1));
        expireIn(id, -60);
        long callsBefore = SandboxControl.calls("/google/token");

        // When
        String after = token(id);

        // Then
        assertNotEquals(before, after);
        assertEquals(2, SandboxControl.calls("/google/token") - callsBefore);
        assertEquals("active", connection(id).getString("status"));
    }

    @Test
    void aProviderOutageWithAnExpiredTokenIs503() {
        // Given
        String id = connect("google");
        rules.add(SandboxControl.fault("POST", "/google/token", 503, null, null, null));
        expireIn(id, -60);

        // When
        Response answer = accessToken(id);
        long callsAfterFirst = SandboxControl.calls("/google/token");
        Response again = accessToken(id);

        // Then: 503 until the connection's own backoff (the first pause: 30 s) ends, without asking the provider again
        answer.then().statusCode(503);
        int retryAfter = Integer.parseInt(answer.header("Retry-After"));
        assertTrue(retryAfter >= 25 && retryAfter <= 30, "Retry-After " + retryAfter);
        again.then().statusCode(503);
        assertEquals(callsAfterFirst, SandboxControl.calls("/google/token"));
        assertEquals("active", connection(id).getString("status"));
    }

    @Test
    void aLongRetryAfterIsNotWaitedInTheCallButHonoured() {
        // Given
        String id = connect("google");
        rules.add(SandboxControl.fault("POST", "/google/token", 429, "{\"error\":\"rate_limit_exceeded\"}", "120", null));
        expireIn(id, -60);
        long callsBefore = SandboxControl.calls("/google/token");

        // When
        Response answer = accessToken(id);

        // Then
        answer.then().statusCode(503).header("Retry-After", equalTo("120"));
        assertEquals(1, SandboxControl.calls("/google/token") - callsBefore);
        var connection = connection(id);
        assertEquals("rate_limit", connection.getString("lastError.category"));
        assertTrue(connection.getString("retryAt") != null);
        // and no call to the provider before the time it asked for
        accessToken(id).then().statusCode(503);
        assertEquals(1, SandboxControl.calls("/google/token") - callsBefore);
    }

    @Test
    void aMisconfiguredConnectionRecoversOnceTheOperatorFixedTheApp() {
        // Given: the provider refused our client, then the operator fixed it and the retry time passed
        String id = connect("google");
        String rule = SandboxControl.fault("POST", "/google/token", 401, "{\"error\":\"invalid_client\"}", null, null);
        expireIn(id, -60);
        accessToken(id).then().statusCode(409);
        accessToken(id).then().statusCode(409); // within the pause: no second call
        SandboxControl.removeRule(rule);
        pool.preparedQuery("UPDATE connection SET retry_at = now() - interval '1 second' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(WAIT);

        // When
        Response answer = accessToken(id);

        // Then
        answer.then().statusCode(200);
        assertEquals("active", connection(id).getString("status"));
        List<JsonObject> changes = events("connection.changed", 3);
        assertEquals("active", changes.get(changes.size() - 1).getString("status"));
        assertEquals("misconfigured", changes.get(changes.size() - 1).getString("previousStatus"));
    }

    @Test
    void anExpiredTokenWithoutARefreshTokenNeedsTheUser() {
        // Given: a connection whose provider gave no refresh token, its access token expired
        String id = connect("google");
        pool.preparedQuery("UPDATE connection SET refresh_token = NULL, refresh_key_id = NULL WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(WAIT);
        expireIn(id, -60);

        // When
        Response answer = accessToken(id);

        // Then
        answer.then().statusCode(409);
        var connection = connection(id);
        assertEquals("needs_reauth", connection.getString("status"));
        assertEquals("no_refresh_token", connection.getString("lastError.providerCode"));
        assertEquals("user_must_reconnect", events("token.refresh-failed", 1).get(0).getString("action"));
    }

    @Test
    void mailchimpTokensNeverExpireAndAreNeverRefreshed() {
        // Given
        String id = connect("mailchimp");
        long callsBefore = SandboxControl.calls("/mailchimp/oauth2/token");

        // When
        Response answer = accessToken(id);

        // Then
        answer.then().statusCode(200);
        assertEquals(null, answer.jsonPath().getString("expiresAt"));
        assertTrue(answer.jsonPath().getString("apiEndpoint").endsWith("/mailchimp-api/us21"), answer.asString());
        assertEquals(0, SandboxControl.calls("/mailchimp/oauth2/token") - callsBefore);
        assertEquals(null, connection(id).getString("accessTokenExpiresAt"));
    }
}
