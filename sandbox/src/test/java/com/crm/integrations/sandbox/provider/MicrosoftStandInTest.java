package com.crm.integrations.sandbox.provider;

import static com.crm.integrations.sandbox.provider.OAuthFlow.ACCOUNT;
import static com.crm.integrations.sandbox.provider.OAuthFlow.MICROSOFT_CLIENT;
import static com.crm.integrations.sandbox.provider.OAuthFlow.VERIFIER;
import static com.crm.integrations.sandbox.provider.OAuthFlow.params;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class MicrosoftStandInTest {

    private static final String TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String AUTHORIZE = "/microsoft/" + TENANT_ID + "/oauth2/v2.0/authorize";
    private static final String TOKEN = "/microsoft/" + TENANT_ID + "/oauth2/v2.0/token";
    private static final String REDIRECT = OAuthFlow.redirectUri("microsoft");
    private static final String SCOPES = "openid profile email offline_access Calendars.ReadWrite";

    @BeforeEach
    void reset() {
        OAuthFlow.reset();
    }

    @Test
    void refusesAnUnregisteredRedirectUriWithAnErrorPageInsteadOfARedirect() {
        // When
        Response response = OAuthFlow.authorize(AUTHORIZE, query("redirect_uri", "https://evil.example/callback"));

        // Then
        response.then().statusCode(400).contentType(ContentType.HTML).header("Location", nullValue())
                .body(containsString("AADSTS50011"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "common", "organizations", "consumers", TENANT_ID, "contoso.onmicrosoft.com" })
    void acceptsEveryTenantForm(String tenant) {
        // When
        Response response = OAuthFlow.authorize("/microsoft/" + tenant + "/oauth2/v2.0/authorize", query());

        // Then
        response.then().statusCode(200).header("X-Sandbox-Consent", not(nullValue()));
    }

    @Test
    void refusesAnInvalidTenantOnAPageAndAtTheTokenEndpoint() {
        // When
        Response page = OAuthFlow.authorize("/microsoft/not_a_tenant/oauth2/v2.0/authorize", query());
        Response token = OAuthFlow.token("/microsoft/not_a_tenant/oauth2/v2.0/token", MICROSOFT_CLIENT,
                params("grant_type", "authorization_code", "code", "x", "redirect_uri", REDIRECT));

        // Then
        page.then().statusCode(400).header("Location", nullValue()).body(containsString("AADSTS900023"));
        token.then().statusCode(400).body("error", equalTo("invalid_request")).body("error_codes", contains(900023));
    }

    @Test
    void redirectsAnApprovalWithCodeAndState() {
        // Given
        String consent = OAuthFlow.consentId(AUTHORIZE, query());

        // When
        Response redirect = OAuthFlow.decide("microsoft", consent, "approve", ACCOUNT, null, null);

        // Then
        redirect.then().statusCode(302);
        Map<String, String> parameters = OAuthFlow.queryOf(redirect);
        assertEquals(REDIRECT, OAuthFlow.locationWithoutQuery(redirect));
        assertEquals("xyz", parameters.get("state"));
        assertTrue(parameters.get("code").length() > 100);
    }

    @Test
    void redirectsADenialWithAadsts65004() {
        // Given
        String consent = OAuthFlow.consentId(AUTHORIZE, query());

        // When
        Response redirect = OAuthFlow.decide("microsoft", consent, "deny", ACCOUNT, null, null);

        // Then
        Map<String, String> parameters = OAuthFlow.queryOf(redirect);
        assertEquals("access_denied", parameters.get("error"));
        assertTrue(parameters.get("error_description").startsWith("AADSTS65004: User declined to consent"));
        assertEquals("xyz", parameters.get("state"));
    }

    @Test
    void exchangesACodeForTokensShapedAsEntraSendsThem() throws Exception {
        // Given
        String code = code(query("code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256"), null);

        // When
        Response response = redeem(code, REDIRECT, VERIFIER);

        // Then
        response.then().statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("scope", equalTo("openid profile email https://graph.microsoft.com/Calendars.ReadWrite"))
                .body("expires_in", equalTo(3599))
                .body("ext_expires_in", equalTo(3599))
                .body("access_token", startsWith("eyJ"))
                .body("refresh_token", startsWith("1.A"));
        JwtClaims idToken = ProviderJwts.verify(response.path("id_token"));
        assertEquals("https://login.microsoftonline.com/" + TENANT_ID + "/v2.0", idToken.getIssuer());
        assertEquals(MICROSOFT_CLIENT, idToken.getAudience().get(0));
        assertEquals(TENANT_ID, idToken.getClaimValue("tid"));
        assertEquals(ACCOUNT, idToken.getClaimValue("preferred_username"));
        assertEquals(ACCOUNT, idToken.getClaimValue("email"));
        assertEquals("Ada", idToken.getClaimValue("name"));
        assertTrue(idToken.getStringClaimValue("oid").matches("[0-9a-f-]{36}"));
        assertTrue(idToken.getSubject().length() > 20);
    }

    @Test
    void refusesACodeRedeemedTwiceWithTheFullAadstsBody() {
        // Given
        String code = code(query(), null);
        redeem(code, REDIRECT, null).then().statusCode(200);

        // When
        Response again = redeem(code, REDIRECT, null);

        // Then
        again.then().statusCode(400).contentType("application/json").header("Cache-Control", "no-store")
                .body("error", equalTo("invalid_grant"))
                .body("error_description", startsWith("AADSTS54005: "))
                .body("error_description", matchesPattern("(?s).*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ"))
                .body("error_codes", contains(54005))
                .body("timestamp", matchesPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ"))
                .body("trace_id", matchesPattern("[0-9a-f-]{36}"))
                .body("correlation_id", matchesPattern("[0-9a-f-]{36}"))
                .body("error_uri", equalTo("https://login.microsoftonline.com/error?code=54005"));
    }

    @Test
    void refusesAnExpiredCodeWithAadsts70008() {
        // Given
        String code = code(query(), null);
        OAuthFlow.advanceClock(601);

        // When
        Response response = redeem(code, REDIRECT, null);

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_grant")).body("error_codes", contains(70008));
    }

    @Test
    void refusesAWrongPkceVerifierWithAadsts501481() {
        // Given
        String code = code(query("code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256"), null);

        // When
        Response response = redeem(code, REDIRECT, VERIFIER.substring(1) + "x");

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_grant")).body("error_codes", contains(501481));
    }

    @Test
    void refusesARedirectUriOtherThanTheAuthorizationRequests() {
        // Given
        String code = code(query(), null);

        // When
        Response response = redeem(code, "http://localhost:8081/oauth/microsoft/callback", null);

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void refusesAWrongSecretWith401AndAadsts7000215() {
        // Given
        String code = code(query(), null);

        // When
        Response response = given().contentType(ContentType.URLENC).auth().preemptive().basic(MICROSOFT_CLIENT, "secret-id-not-value")
                .formParam("grant_type", "authorization_code").formParam("code", code).formParam("redirect_uri", REDIRECT).post(TOKEN);

        // Then
        response.then().statusCode(401).body("error", equalTo("invalid_client")).body("error_codes", contains(7000215))
                .body("error_description", startsWith("AADSTS7000215: Invalid client secret provided."));
    }

    @Test
    void rotatesTheRefreshTokenAndRefusesTheOldOne() {
        // Given
        String first = redeem(code(query(), null), REDIRECT, null).path("refresh_token");
        Response refreshed = refresh(first);
        String second = refreshed.path("refresh_token");

        // When
        Response old = refresh(first);

        // Then
        refreshed.then().statusCode(200).body("id_token", not(nullValue())).body("ext_expires_in", equalTo(3599));
        assertNotEquals(first, second);
        old.then().statusCode(400).body("error", equalTo("invalid_grant")).body("error_codes", contains(70008));
        refresh(second).then().statusCode(200).body("refresh_token", not(equalTo(second)));
    }

    @Test
    void countsEveryPresentationOfARefreshTokenIncludingRefusedOnes() {
        // Given
        String first = redeem(code(query(), null), REDIRECT, null).path("refresh_token");
        String second = refresh(first).path("refresh_token");
        refresh(first);

        // When
        Response listing = given().get("/control/microsoft/refresh-tokens");

        // Then
        listing.then().statusCode(200)
                .body("refreshTokens.size()", equalTo(2))
                .body("refreshTokens[0].token", equalTo(first))
                .body("refreshTokens[0].account", equalTo(ACCOUNT))
                .body("refreshTokens[0].uses", equalTo(2))
                .body("refreshTokens[0].state", equalTo("rotated"))
                .body("refreshTokens[1].token", equalTo(second))
                .body("refreshTokens[1].uses", equalTo(0))
                .body("refreshTokens[1].state", equalTo("active"));
    }

    @Test
    void issuesNoRefreshTokenWhenTheUserUntickedOfflineAccess() {
        // Given
        String code = code(query(), "openid profile email Calendars.ReadWrite");

        // When
        Response response = redeem(code, REDIRECT, null);

        // Then
        response.then().statusCode(200).body("$", not(hasKey("refresh_token")));
    }

    @Test
    void refusesRefreshesOnceTheUserRemovedTheApp() {
        // Given
        String refreshToken = redeem(code(query(), null), REDIRECT, null).path("refresh_token");
        given().post("/control/microsoft/accounts/" + ACCOUNT + "/revoke").then().statusCode(204);

        // When
        Response response = refresh(refreshToken);

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_grant")).body("error_description", startsWith("AADSTS"));
        given().get("/control/microsoft/refresh-tokens").then().body("refreshTokens[0].state", equalTo("revoked"));
    }

    @Test
    void answersASwitchedOnAadstsErrorWithTheFullBody() {
        // Given
        String refreshToken = redeem(code(query(), null), REDIRECT, null).path("refresh_token");
        given().contentType(ContentType.JSON).body("{\"error\": \"invalid_grant\", \"errorCode\": 700082, \"times\": 1}")
                .post("/control/microsoft/accounts/" + ACCOUNT + "/token-errors").then().statusCode(201);

        // When
        Response failed = refresh(refreshToken);

        // Then
        failed.then().statusCode(400)
                .body("error", equalTo("invalid_grant"))
                .body("error_description", startsWith("AADSTS700082: The refresh token has expired due to inactivity."))
                .body("error_description", containsString("\r\nTrace ID: "))
                .body("error_codes", contains(700082))
                .body("error_uri", equalTo("https://login.microsoftonline.com/error?code=700082"))
                .body("trace_id", not(nullValue()))
                .body("correlation_id", not(nullValue()));
        refresh(refreshToken).then().statusCode(200);
    }

    @Test
    void answersASwitchedOnErrorWithTheGivenStatus() {
        // Given
        String refreshToken = redeem(code(query(), null), REDIRECT, null).path("refresh_token");
        given().contentType(ContentType.JSON).body("{\"error\": \"temporarily_unavailable\", \"status\": 503}")
                .post("/control/microsoft/accounts/" + ACCOUNT + "/token-errors").then().statusCode(201);

        // When
        Response failed = refresh(refreshToken);

        // Then
        failed.then().statusCode(503).body("error", equalTo("temporarily_unavailable")).body("error_codes", contains(90024));
    }

    private static Map<String, String> query(String... overrides) {
        Map<String, String> query = params("client_id", MICROSOFT_CLIENT, "redirect_uri", REDIRECT, "response_type", "code",
                "scope", SCOPES, "state", "xyz", "response_mode", "query");
        query.putAll(params(overrides));
        return query;
    }

    private static String code(Map<String, String> query, String grantedScope) {
        return OAuthFlow.approve("microsoft", AUTHORIZE, query, ACCOUNT, grantedScope).get("code");
    }

    private static Response redeem(String code, String redirectUri, String verifier) {
        Map<String, String> form = params("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
                "scope", "https://graph.microsoft.com/Calendars.ReadWrite offline_access openid");
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return OAuthFlow.token(TOKEN, MICROSOFT_CLIENT, form);
    }

    private static Response refresh(String refreshToken) {
        return OAuthFlow.token(TOKEN, MICROSOFT_CLIENT, params("grant_type", "refresh_token", "refresh_token", refreshToken,
                "scope", "openid profile offline_access https://graph.microsoft.com/Calendars.ReadWrite"));
    }
}
