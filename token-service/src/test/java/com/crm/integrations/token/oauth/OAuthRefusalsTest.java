package com.crm.integrations.token.oauth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.token.TokenServiceInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Every way the OAuth callback refuses a flow: the browser lands on the CRM's return URL with the
 * provider and the outcome, and nothing is stored (the user's connections are unchanged).
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class OAuthRefusalsTest {

    private static final URI RETURN_URL = URI.create("https://crm.example.test/integrations/return");
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Microsoft's preset scopes without offline_access: a consent that grants no refresh token. */
    private static final String MICROSOFT_ONLINE_SCOPES = "openid email profile https://graph.microsoft.com/Calendars.ReadWrite "
            + "https://graph.microsoft.com/User.Read";

    @Inject
    Pool pool;

    private String tenant;
    private String user;
    private String account;
    private String userToken;

    @BeforeEach
    void setUp() {
        TestUser me = TestUser.fresh();
        tenant = me.tenant();
        user = me.user();
        account = user + "@example.com";
        userToken = SandboxTokens.user(tenant, user);
    }

    // --- state ---

    @Test
    void refusesTamperedState() {
        // Given
        OAuthBrowser browser = new OAuthBrowser("google", userToken);
        URI back = approvedCallback(browser, "google");
        String state = OAuthBrowser.query(back).get("state");
        String tampered = (state.charAt(0) == 'A' ? 'B' : 'A') + state.substring(1);

        // When
        URI landed = browser.callback(withRawParam(back, "state", tampered));

        // Then
        assertRefused(landed, "google", "invalid_state");
        assertNoConnections();
    }

    @Test
    void refusesMissingState() {
        // Given
        OAuthBrowser browser = new OAuthBrowser("google", userToken);
        URI back = approvedCallback(browser, "google");

        // When
        URI landed = browser.callback(withRawParam(back, "state", null));

        // Then
        assertRefused(landed, "google", "invalid_state");
        assertNoConnections();
    }

    @Test
    void refusesExpiredState() {
        // Given
        OAuthBrowser browser = new OAuthBrowser("google", userToken);
        URI back = approvedCallback(browser, "google");
        int expired = pool.preparedQuery("UPDATE oauth_session SET expires_at = now() - interval '1 minute' WHERE tenant_id = $1")
                .execute(Tuple.of(tenant)).await().atMost(WAIT).rowCount();
        assertEquals(1, expired, "sessions moved into the past");

        // When
        URI landed = browser.callback(back);

        // Then
        assertRefused(landed, "google", "expired_state");
        assertNoConnections();
    }

    @Test
    void refusesReplayedState() {
        // Given
        OAuthBrowser browser = new OAuthBrowser("google", userToken);
        URI back = approvedCallback(browser, "google");
        Map<String, String> cookies = Map.copyOf(browser.cookies);
        String connection = OAuthBrowser.query(browser.callback(back, cookies)).get("connection");

        // When
        URI landed = browser.callback(back, cookies);

        // Then
        assertRefused(landed, "google", "replayed_state");
        given().auth().oauth2(userToken).when().get("/connections").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(connection));
    }

    // --- cookie ---

    @Test
    void refusesCallbackWithoutTheCookie() {
        // Given
        OAuthBrowser browser = new OAuthBrowser("google", userToken);
        URI back = approvedCallback(browser, "google");

        // When
        URI landed = browser.callback(back, Map.of());

        // Then
        assertRefused(landed, "google", "missing_cookie");
        assertNoConnections();
    }

    @Test
    void aCallbackWithoutTheCookieDoesNotBurnTheState() {
        // Given
        OAuthBrowser browser = new OAuthBrowser("google", userToken);
        URI back = approvedCallback(browser, "google");
        browser.callback(back, Map.of());

        // When
        Map<String, String> outcome = OAuthBrowser.query(browser.callback(back));

        // Then
        assertEquals("connected", outcome.get("outcome"), outcome.toString());
        given().auth().oauth2(userToken).when().get("/connections").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(outcome.get("connection")));
    }

    @Test
    void refusesCallbackWithTheCookieOfAnotherFlow() {
        // Given
        OAuthBrowser browser = new OAuthBrowser("google", userToken);
        URI back = approvedCallback(browser, "google");
        OAuthBrowser other = new OAuthBrowser("google", userToken);
        other.open(other.startUrl());
        String otherCookie = other.cookies.values().iterator().next();
        String cookieName = browser.cookies.keySet().iterator().next();

        // When
        URI landed = browser.callback(back, Map.of(cookieName, otherCookie));

        // Then
        assertRefused(landed, "google", "missing_cookie");
        assertNoConnections();
    }

    // --- start URL ---

    @Test
    void refusesStartUrlOpenedTwice() {
        // Given
        OAuthBrowser browser = new OAuthBrowser("google", userToken);
        String startUrl = browser.startUrl();
        browser.open(startUrl);

        // When
        URI landed = new OAuthBrowser("google", userToken).open(startUrl);

        // Then
        assertRefused(landed, "google", "invalid_start");
    }

    @Test
    void refusesUnknownStartToken() {
        // When
        URI landed = new OAuthBrowser("google", userToken).open(
                "/oauth/google/start?session=" + UUID.randomUUID().toString().replace("-", ""));

        // Then
        assertRefused(landed, "google", "invalid_start");
    }

    @Test
    void refusesAnExpiredStartUrl() {
        // Given
        OAuthBrowser browser = new OAuthBrowser("google", userToken);
        String startUrl = browser.startUrl();
        int expired = pool.preparedQuery("UPDATE oauth_session SET expires_at = now() - interval '1 minute' WHERE tenant_id = $1")
                .execute(Tuple.of(tenant)).await().atMost(WAIT).rowCount();
        assertEquals(1, expired, "sessions moved into the past");

        // When
        URI landed = browser.open(startUrl);

        // Then
        assertRefused(landed, "google", "invalid_start");
        assertTrue(browser.cookies.isEmpty(), browser.cookies::toString);
    }

    @Test
    void openingTheStartUrlSetsAnHttpOnlySameSiteCookieForTheCallbackOnly() {
        // Given
        String startUrl = new OAuthBrowser("google", userToken).startUrl();

        // When
        Response response = given().urlEncodingEnabled(false).redirects().follow(false).when().get(startUrl);

        // Then
        response.then().statusCode(302).header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer");
        String cookie = response.getHeader("Set-Cookie");
        assertNotNull(cookie);
        String lower = cookie.toLowerCase(java.util.Locale.ROOT);
        assertTrue(lower.startsWith("crm_oauth_"), cookie);
        assertTrue(lower.contains("httponly"), cookie);
        assertTrue(lower.contains("samesite=lax"), cookie);
        assertTrue(lower.contains("path=/oauth/google/callback"), cookie);
    }

    @Test
    void refusesTheStateOfAFlowToAnotherProvider() {
        // Given
        OAuthBrowser browser = new OAuthBrowser("google", userToken);
        URI back = approvedCallback(browser, "google");
        URI elsewhere = URI.create(back.toString().replace("/oauth/google/callback", "/oauth/microsoft/callback"));

        // When
        URI landed = browser.callback(elsewhere);

        // Then
        assertRefused(landed, "microsoft", "invalid_state");
        assertNoConnections();
    }

    // --- provider answers ---

    @Test
    void reportsAnotherProviderErrorAsProviderError() {
        // Given
        OAuthBrowser browser = new OAuthBrowser("google", userToken);
        URI authorize = browser.open(browser.startUrl());
        String state = OAuthBrowser.query(authorize).get("state");

        // When
        URI landed = browser.callback(URI.create("/oauth/google/callback?error=server_error&state=" + state));

        // Then
        assertRefused(landed, "google", "provider_error");
        assertEquals("server_error", OAuthBrowser.query(landed).get("error"));
        assertNoConnections();
    }

    @Test
    void doesNotPassOnAProviderErrorThatIsNotAPlainCode() {
        // Given
        OAuthBrowser browser = new OAuthBrowser("google", userToken);
        URI authorize = browser.open(browser.startUrl());
        String state = OAuthBrowser.query(authorize).get("state");

        // When: a forged link tries to put its own text on the CRM's page
        URI landed = browser.callback(URI.create("/oauth/google/callback?error=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=" + state));

        // Then
        assertRefused(landed, "google", "provider_error");
        assertEquals(null, OAuthBrowser.query(landed).get("error"));
    }

    @ParameterizedTest
    @CsvSource({ "google, invalid_grant", "microsoft, AADSTS54005" })
    void refusesAReusedCode(String provider, String error) {
        // Given
        OAuthBrowser first = new OAuthBrowser(provider, userToken);
        URI firstBack = approvedCallback(first, provider);
        String connection = OAuthBrowser.query(first.callback(firstBack)).get("connection");
        OAuthBrowser second = new OAuthBrowser(provider, userToken);
        URI secondAuthorize = second.open(second.startUrl());
        // the first flow's (redeemed) code with the second flow's state and cookie
        URI replay = withRawParam(firstBack, "state", rawParam(secondAuthorize, "state"));

        // When
        URI landed = second.callback(replay);

        // Then
        Map<String, String> outcome = assertRefused(landed, provider, "exchange_failed");
        assertEquals(error, outcome.get("error"), outcome.toString());
        given().auth().oauth2(userToken).when().get("/connections").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(connection));
    }

    @ParameterizedTest
    @CsvSource({ "google, invalid_grant", "microsoft, AADSTS501481" })
    void refusesACodeWhoseVerifierDoesNotMatchTheChallenge(String provider, String error) {
        // Given
        OAuthBrowser browser = new OAuthBrowser(provider, userToken);
        URI authorize = browser.open(browser.startUrl());
        URI tampered = withRawParam(authorize, "code_challenge", s256(UUID.randomUUID() + "-" + UUID.randomUUID()));
        URI back = browser.decide(tampered, browser.consentPage(tampered), "approve", account, null);

        // When
        URI landed = browser.callback(back);

        // Then
        Map<String, String> outcome = assertRefused(landed, provider, "exchange_failed");
        assertEquals(error, outcome.get("error"), outcome.toString());
        assertNoConnections();
    }

    @Test
    void refusesAFirstMicrosoftConnectionWithoutARefreshToken() {
        // Given
        OAuthBrowser browser = new OAuthBrowser("microsoft", userToken);
        URI authorize = browser.open(browser.startUrl());
        URI back = browser.decide(authorize, browser.consentPage(authorize), "approve", account, MICROSOFT_ONLINE_SCOPES);

        // When
        URI landed = browser.callback(back);

        // Then
        assertRefused(landed, "microsoft", "no_refresh_token");
        assertNoConnections();
    }

    @Test
    void reconnectsMicrosoftWithoutARefreshTokenInPlace() {
        // Given
        String connection = new OAuthBrowser("microsoft", userToken).connect(account).get("connection");
        OAuthBrowser again = new OAuthBrowser("microsoft", userToken);
        URI authorize = again.open(again.startUrl());
        URI back = again.decide(authorize, again.consentPage(authorize), "approve", account, MICROSOFT_ONLINE_SCOPES);

        // When
        Map<String, String> outcome = OAuthBrowser.query(again.callback(back));

        // Then
        assertEquals("reconnected", outcome.get("outcome"), outcome.toString());
        assertEquals(connection, outcome.get("connection"));
        given().auth().oauth2(userToken).when().get("/connections").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].status", equalTo("active"));
    }

    @Test
    void aMicrosoftReconnectWithoutARefreshTokenKeepsTheStoredOne() {
        // Given
        String connection = new OAuthBrowser("microsoft", userToken).connect(account).get("connection");
        String refreshToken = (String) SandboxControl.refreshTokens("microsoft", account).get(0).get("token");
        OAuthBrowser again = new OAuthBrowser("microsoft", userToken);
        URI authorize = again.open(again.startUrl());
        again.callback(again.decide(authorize, again.consentPage(authorize), "approve", account, MICROSOFT_ONLINE_SCOPES));
        pool.preparedQuery("UPDATE connection SET access_expires_at = now() WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(connection))).await().atMost(WAIT);

        // When
        Response response = given().auth().oauth2(SandboxTokens.service("calendar-service")).when()
                .get("/internal/connections/" + connection + "/access-token");

        // Then
        response.then().statusCode(200);
        List<Map<String, Object>> issued = SandboxControl.refreshTokens("microsoft", account);
        Map<String, Object> original = issued.stream().filter(token -> refreshToken.equals(token.get("token"))).findFirst()
                .orElseThrow();
        assertEquals(1, ((Number) original.get("uses")).intValue(), issued.toString());
        assertEquals("rotated", original.get("state"), issued.toString());
    }

    // --- reconnecting ---

    @Test
    void reconnectingAnActiveConnectionReplacesItsTokensInPlace() {
        // Given
        String connection = new OAuthBrowser("google", userToken).connect(account).get("connection");
        String service = SandboxTokens.service("calendar-service");
        String before = accessToken(service, connection);

        // When
        Map<String, String> outcome = new OAuthBrowser("google", userToken).connect(account);

        // Then
        assertEquals("reconnected", outcome.get("outcome"), outcome.toString());
        assertEquals(connection, outcome.get("connection"));
        assertNotEquals(before, accessToken(service, connection));
        given().auth().oauth2(userToken).when().get("/connections").then().statusCode(200).body("size()", equalTo(1));
    }

    @Test
    void connectingAfterADeleteMakesANewConnection() {
        // Given
        String deleted = new OAuthBrowser("google", userToken).connect(account).get("connection");
        given().auth().oauth2(userToken).when().delete("/connections/" + deleted).then().statusCode(200);

        // When
        Map<String, String> outcome = new OAuthBrowser("google", userToken).connect(account);

        // Then
        assertEquals("connected", outcome.get("outcome"), outcome.toString());
        assertNotNull(outcome.get("connection"));
        assertNotEquals(deleted, outcome.get("connection"));
        given().auth().oauth2(userToken).when().get("/connections/" + deleted).then().statusCode(200)
                .body("status", equalTo("revoked"));
    }

    // --- Mailchimp ---

    @Test
    void refusesAMailchimpAccountWhoseApiEndpointIsNotAMailchimpDataCentre() {
        // Given: the stand-in lets an account live in "abcde1", which the service's data-centre pattern refuses
        OAuthBrowser browser = new OAuthBrowser("mailchimp", userToken);
        URI authorize = browser.open(browser.startUrl());
        URI back = browser.decide(authorize, browser.consentPage(authorize), "approve", account, null, Map.of("dc", "abcde1"));

        // When
        URI landed = browser.callback(back);

        // Then
        Map<String, String> outcome = assertRefused(landed, "mailchimp", "exchange_failed");
        assertEquals("foreign_api_endpoint", outcome.get("error"), outcome.toString());
        assertNoConnections();
    }

    // --- helpers ---

    /** Start URL opened, consent approved as {@link #account}: the provider's redirect to our callback, not yet followed. */
    private URI approvedCallback(OAuthBrowser browser, String provider) {
        URI authorize = browser.open(browser.startUrl());
        return browser.decide(authorize, browser.consentPage(authorize), "approve", account, null);
    }

    /** The browser landed on the CRM's return URL with this provider and outcome and no connection; returns its query. */
    private static Map<String, String> assertRefused(URI landed, String provider, String outcome) {
        Map<String, String> query = OAuthBrowser.query(landed);
        assertEquals(RETURN_URL, URI.create(landed.getScheme() + "://" + landed.getRawAuthority() + landed.getRawPath()),
                landed.toString());
        assertEquals(provider, query.get("provider"), landed.toString());
        assertEquals(outcome, query.get("outcome"), landed.toString());
        assertNull(query.get("connection"), landed.toString());
        return query;
    }

    private void assertNoConnections() {
        given().auth().oauth2(userToken).when().get("/connections?includeRevoked=true").then().statusCode(200)
                .body("size()", equalTo(0));
    }

    private static String accessToken(String serviceToken, String connection) {
        return given().auth().oauth2(serviceToken).when().get("/internal/connections/" + connection + "/access-token")
                .then().statusCode(200).extract().path("accessToken");
    }

    private static String rawParam(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " not in " + uri);
    }

    /** {@code uri} with query parameter {@code name} set to the already encoded {@code rawValue}, or removed when null. */
    private static URI withRawParam(URI uri, String name, String rawValue) {
        List<String> pairs = new ArrayList<>();
        boolean replaced = false;
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                replaced = true;
                if (rawValue != null) {
                    pairs.add(name + "=" + rawValue);
                }
            } else {
                pairs.add(pair);
            }
        }
        assertTrue(replaced, name + " not in " + uri);
        String base = uri.toString().substring(0, uri.toString().indexOf('?'));
        return URI.create(base + "?" + String.join("&", pairs));
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
