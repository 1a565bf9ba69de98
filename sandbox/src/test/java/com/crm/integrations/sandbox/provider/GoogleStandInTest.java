package com.crm.integrations.sandbox.provider;

import static com.crm.integrations.sandbox.provider.OAuthFlow.ACCOUNT;
import static com.crm.integrations.sandbox.provider.OAuthFlow.GOOGLE_CLIENT;
import static com.crm.integrations.sandbox.provider.OAuthFlow.VERIFIER;
import static com.crm.integrations.sandbox.provider.OAuthFlow.params;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class GoogleStandInTest {

    private static final String AUTHORIZE = "/google/o/oauth2/v2/auth";
    private static final String TOKEN = "/google/token";
    private static final String REDIRECT = OAuthFlow.redirectUri("google");
    private static final String CALENDAR = "https://www.googleapis.com/auth/calendar.events";
    private static final String SCOPES = "openid email " + CALENDAR;

    @BeforeEach
    void reset() {
        OAuthFlow.reset();
    }

    @Test
    void refusesAnUnregisteredRedirectUriWithAnErrorPageInsteadOfARedirect() {
        // When
        Response response = OAuthFlow.authorize(AUTHORIZE, query("redirect_uri", "http://127.0.0.1:8081/oauth/google/callback/"));

        // Then
        response.then().statusCode(400).contentType(ContentType.HTML).header("X-Sandbox-Error", "redirect_uri_mismatch")
                .header("Location", nullValue());
    }

    @Test
    void refusesAnUnknownClientWithAnErrorPage() {
        // When
        Response response = OAuthFlow.authorize(AUTHORIZE, query("client_id", "stranger.apps.googleusercontent.com"));

        // Then
        response.then().statusCode(400).header("X-Sandbox-Error", "invalid_client").header("Location", nullValue());
    }

    @Test
    void showsAConsentPageAHumanCanUse() {
        // When
        Response page = OAuthFlow.authorize(AUTHORIZE, query("login_hint", "grace@example.com"));

        // Then
        String consent = page.header("X-Sandbox-Consent");
        page.then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("<form method=\"post\" action=\"/google/consent\">"))
                .body(containsString("<input type=\"hidden\" name=\"consent\" value=\"" + consent + "\">"))
                .body(containsString("name=\"account\" size=\"40\" value=\"grace@example.com\""))
                .body(containsString("name=\"decision\" value=\"approve\""))
                .body(containsString("name=\"decision\" value=\"deny\""));
    }

    @Test
    void redirectsAnApprovalWithCodeStateAndTheGrantedScope() {
        // Given
        String consent = OAuthFlow.consentId(AUTHORIZE, query());

        // When
        Response redirect = OAuthFlow.decide("google", consent, "approve", ACCOUNT, null, null);

        // Then
        redirect.then().statusCode(302);
        Map<String, String> parameters = OAuthFlow.queryOf(redirect);
        assertEquals(REDIRECT, OAuthFlow.locationWithoutQuery(redirect));
        assertTrue(parameters.get("code").startsWith("4/0"));
        assertEquals("xyz", parameters.get("state"));
        assertEquals(SCOPES, parameters.get("scope"));
    }

    @Test
    void redirectsADenialWithAccessDenied() {
        // Given
        String consent = OAuthFlow.consentId(AUTHORIZE, query());

        // When
        Response redirect = OAuthFlow.decide("google", consent, "deny", ACCOUNT, null, null);

        // Then
        redirect.then().statusCode(302);
        assertEquals(Map.of("error", "access_denied", "state", "xyz"), OAuthFlow.queryOf(redirect));
    }

    @Test
    void refusesAConsentIdAnsweredBefore() {
        // Given
        String consent = OAuthFlow.consentId(AUTHORIZE, query());
        OAuthFlow.decide("google", consent, "approve", ACCOUNT, null, null);

        // When
        Response again = OAuthFlow.decide("google", consent, "approve", ACCOUNT, null, null);

        // Then
        again.then().statusCode(400).contentType(ContentType.HTML).header("Location", nullValue());
    }

    @Test
    void exchangesACodeForTokensShapedAsGoogleSendsThem() throws Exception {
        // Given
        String code = code(query("code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256"), ACCOUNT);

        // When
        Response response = redeem(code, REDIRECT, VERIFIER);

        // Then
        response.then().statusCode(200).contentType("application/json")
                .header("Cache-Control", "no-store")
                .body("access_token", matchesPattern("ya29\\.[A-Za-z0-9_-]{100,}"))
                .body("expires_in", equalTo(3599))
                .body("refresh_token", matchesPattern("1//0[A-Za-z0-9_-]{50,}"))
                .body("scope", equalTo(SCOPES))
                .body("token_type", equalTo("Bearer"));
        JwtClaims idToken = ProviderJwts.verify(response.path("id_token"));
        assertEquals("https://accounts.google.com", idToken.getIssuer());
        assertEquals(GOOGLE_CLIENT, idToken.getAudience().get(0));
        assertEquals(ACCOUNT, idToken.getStringClaimValue("email"));
        assertEquals(Boolean.TRUE, idToken.getClaimValue("email_verified"));
        assertTrue(idToken.getSubject().matches("[1-9][0-9]{20}"));
    }

    @Test
    void givesTheSameAccountTheSameSubject() throws Exception {
        // Given
        String first = ProviderJwts.verify(redeem(code(query(), ACCOUNT), REDIRECT, null).path("id_token")).getSubject();

        // When
        String second = ProviderJwts.verify(redeem(code(query("prompt", "consent"), ACCOUNT), REDIRECT, null).path("id_token")).getSubject();

        // Then
        assertEquals(first, second);
    }

    @Test
    void refusesACodeRedeemedTwice() {
        // Given
        String code = code(query(), ACCOUNT);
        redeem(code, REDIRECT, null).then().statusCode(200);

        // When
        Response again = redeem(code, REDIRECT, null);

        // Then
        again.then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void refusesAnExpiredCode() {
        // Given
        String code = code(query(), ACCOUNT);
        OAuthFlow.advanceClock(601);

        // When
        Response response = redeem(code, REDIRECT, null);

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void refusesAWrongPkceVerifier() {
        // Given
        String code = code(query("code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256"), ACCOUNT);

        // When
        Response response = redeem(code, REDIRECT, VERIFIER.replace('d', 'e'));

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_grant")).body("error_description", equalTo("Invalid code verifier."));
    }

    @Test
    void refusesAMissingVerifierWhenAChallengeWasSent() {
        // Given
        String code = code(query("code_challenge", VERIFIER), ACCOUNT); // plain by default

        // When
        Response response = redeem(code, REDIRECT, null);

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void acceptsAPlainChallengeByDefault() {
        // Given
        String code = code(query("code_challenge", VERIFIER), ACCOUNT);

        // When
        Response response = redeem(code, REDIRECT, VERIFIER);

        // Then
        response.then().statusCode(200);
    }

    @Test
    void refusesARedirectUriOtherThanTheAuthorizationRequests() {
        // Given
        String code = code(query(), ACCOUNT);

        // When
        Response response = redeem(code, "http://localhost:8081/oauth/google/callback", null);

        // Then
        response.then().statusCode(400).body("error", equalTo("redirect_uri_mismatch"));
    }

    @Test
    void refusesAWrongClientSecret() {
        // Given
        String code = code(query(), ACCOUNT);

        // When
        Response response = given().contentType(ContentType.URLENC).formParam("client_id", GOOGLE_CLIENT)
                .formParam("client_secret", "GOCSPX-wrong").formParam("grant_type", "authorization_code")
                .formParam("code", code).formParam("redirect_uri", REDIRECT).post(TOKEN);

        // Then
        response.then().statusCode(401).header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_client")).body("error_description", equalTo("Unauthorized"));
    }

    @Test
    void acceptsTheClientByHttpBasic() {
        // Given
        String code = code(query(), ACCOUNT);

        // When
        Response response = given().contentType(ContentType.URLENC).auth().preemptive().basic(GOOGLE_CLIENT, OAuthFlow.SECRET)
                .formParam("grant_type", "authorization_code").formParam("code", code).formParam("redirect_uri", REDIRECT).post(TOKEN);

        // Then
        response.then().statusCode(200);
    }

    @Test
    void refreshesWithoutRotatingTheRefreshToken() {
        // Given
        String refreshToken = redeem(code(query(), ACCOUNT), REDIRECT, null).path("refresh_token");
        refresh(refreshToken).then().statusCode(200);

        // When
        Response second = refresh(refreshToken);

        // Then
        second.then().statusCode(200).header("Cache-Control", "no-store")
                .body("$", not(hasKey("refresh_token")))
                .body("access_token", matchesPattern("ya29\\..+"))
                .body("expires_in", equalTo(3599))
                .body("scope", equalTo(SCOPES))
                .body("token_type", equalTo("Bearer"));
    }

    @Test
    void issuesNoRefreshTokenOnASecondConsentWithoutPromptConsent() {
        // Given
        redeem(code(query(), ACCOUNT), REDIRECT, null).then().body("refresh_token", not(nullValue()));

        // When
        Response second = redeem(code(query(), ACCOUNT), REDIRECT, null);

        // Then
        second.then().statusCode(200).body("$", not(hasKey("refresh_token")));
    }

    @Test
    void issuesARefreshTokenAgainWithPromptConsent() {
        // Given
        redeem(code(query(), ACCOUNT), REDIRECT, null);

        // When
        Response again = redeem(code(query("prompt", "consent"), ACCOUNT), REDIRECT, null);

        // Then
        again.then().statusCode(200).body("refresh_token", not(nullValue()));
    }

    @Test
    void issuesNoRefreshTokenForOnlineAccess() {
        // When
        Response response = redeem(code(query("access_type", "online"), ACCOUNT), REDIRECT, null);

        // Then
        response.then().statusCode(200).body("$", not(hasKey("refresh_token")));
    }

    @Test
    void grantsOnlyTheScopesTheUserLeftTicked() {
        // Given
        String consent = OAuthFlow.consentId(AUTHORIZE, query());
        String code = OAuthFlow.queryOf(OAuthFlow.decide("google", consent, "approve", ACCOUNT, "openid email", null)).get("code");

        // When
        Response response = redeem(code, REDIRECT, null);

        // Then
        response.then().statusCode(200).body("scope", equalTo("openid email"));
    }

    @Test
    void addsEarlierScopesWithIncludeGrantedScopes() {
        // Given
        redeem(code(query("scope", "openid email"), ACCOUNT), REDIRECT, null);

        // When
        Response response = redeem(code(query("scope", CALENDAR, "include_granted_scopes", "true"), ACCOUNT), REDIRECT, null);

        // Then
        response.then().statusCode(200).body("scope", equalTo(CALENDAR + " openid email"));
    }

    @Test
    void refusesRefreshesOnceTheUserRemovedTheApp() {
        // Given
        String refreshToken = redeem(code(query(), ACCOUNT), REDIRECT, null).path("refresh_token");
        given().post("/control/google/accounts/" + ACCOUNT + "/revoke").then().statusCode(204);

        // When
        Response response = refresh(refreshToken);

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_grant"))
                .body("error_description", equalTo("Token has been expired or revoked."));
    }

    @Test
    void revokesTheWholeGrantWithTheAccessToken() {
        // Given
        Response tokens = redeem(code(query(), ACCOUNT), REDIRECT, null);

        // When
        Response revoke = given().contentType(ContentType.URLENC).formParam("token", tokens.<String> path("access_token")).post("/google/revoke");

        // Then
        revoke.then().statusCode(200);
        refresh(tokens.path("refresh_token")).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void revokesByRefreshTokenInTheQueryAndRefusesASecondRevoke() {
        // Given
        String refreshToken = redeem(code(query(), ACCOUNT), REDIRECT, null).path("refresh_token");
        given().queryParam("token", refreshToken).post("/google/revoke").then().statusCode(200);

        // When
        Response again = given().contentType(ContentType.URLENC).formParam("token", refreshToken).post("/google/revoke");

        // Then
        again.then().statusCode(400).body("error", equalTo("invalid_token")).body("error_description", equalTo("Token expired or revoked"));
    }

    @Test
    void showsConsentAgainAfterARevokeSoTheRefreshTokenComesBack() {
        // Given
        String refreshToken = redeem(code(query(), ACCOUNT), REDIRECT, null).path("refresh_token");
        given().contentType(ContentType.URLENC).formParam("token", refreshToken).post("/google/revoke").then().statusCode(200);

        // When
        Response reconnect = redeem(code(query(), ACCOUNT), REDIRECT, null);

        // Then
        reconnect.then().statusCode(200).body("refresh_token", not(nullValue()));
    }

    @Test
    void answersASwitchedOnTokenErrorTheGivenNumberOfTimes() {
        // Given
        String refreshToken = redeem(code(query(), ACCOUNT), REDIRECT, null).path("refresh_token");
        given().contentType(ContentType.JSON).body("{\"error\": \"invalid_grant\", \"times\": 1}")
                .post("/control/google/accounts/" + ACCOUNT + "/token-errors").then().statusCode(201);

        // When
        Response failed = refresh(refreshToken);

        // Then
        failed.then().statusCode(400).body("error", equalTo("invalid_grant")).body("error_description", equalTo("Token has been expired or revoked."));
        refresh(refreshToken).then().statusCode(200);
    }

    @Test
    void answersASwitchedOnTokenErrorUntilRemoved() {
        // Given
        String refreshToken = redeem(code(query(), ACCOUNT), REDIRECT, null).path("refresh_token");
        given().contentType(ContentType.JSON).body("{\"error\": \"invalid_client\"}")
                .post("/control/google/accounts/" + ACCOUNT + "/token-errors").then().statusCode(201);
        refresh(refreshToken).then().statusCode(401).body("error", equalTo("invalid_client"));
        refresh(refreshToken).then().statusCode(401);

        // When
        given().delete("/control/google/accounts/" + ACCOUNT + "/token-errors").then().statusCode(204);

        // Then
        refresh(refreshToken).then().statusCode(200);
    }

    @Test
    void refusesAnAuthorizationRequestWithoutScopeOnAPage() {
        // When
        Response response = OAuthFlow.authorize(AUTHORIZE, params("client_id", GOOGLE_CLIENT, "redirect_uri", REDIRECT,
                "response_type", "code", "state", "xyz"));

        // Then
        response.then().statusCode(400).header("X-Sandbox-Error", "invalid_request").header("Location", nullValue());
    }

    @Test
    void neverShowsTheSecretsInTheConsentPage() {
        // When
        Response page = OAuthFlow.authorize(AUTHORIZE, query());

        // Then
        assertFalse(page.asString().contains(OAuthFlow.SECRET));
        assertNull(page.header("Set-Cookie"));
    }

    /** The authorization request of a CRM connecting a calendar, {@code overrides} added or replacing parameters. */
    private static Map<String, String> query(String... overrides) {
        Map<String, String> query = params("client_id", GOOGLE_CLIENT, "redirect_uri", REDIRECT, "response_type", "code",
                "scope", SCOPES, "access_type", "offline", "state", "xyz");
        query.putAll(params(overrides));
        return query;
    }

    private static String code(Map<String, String> query, String account) {
        return OAuthFlow.approve("google", AUTHORIZE, query, account, null).get("code");
    }

    private static Response redeem(String code, String redirectUri, String verifier) {
        Map<String, String> form = params("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri);
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return OAuthFlow.token(TOKEN, GOOGLE_CLIENT, form);
    }

    private static Response refresh(String refreshToken) {
        return OAuthFlow.token(TOKEN, GOOGLE_CLIENT, params("grant_type", "refresh_token", "refresh_token", refreshToken));
    }
}
