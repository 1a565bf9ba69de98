package com.crm.integrations.sandbox.provider;

import static com.crm.integrations.sandbox.provider.OAuthFlow.ACCOUNT;
import static com.crm.integrations.sandbox.provider.OAuthFlow.GENERIC_CLIENT;
import static com.crm.integrations.sandbox.provider.OAuthFlow.VERIFIER;
import static com.crm.integrations.sandbox.provider.OAuthFlow.params;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class GenericStandInTest {

    private static final String ISSUER = "http://sandbox.test/generic";
    private static final String REDIRECT = OAuthFlow.redirectUri("generic");

    @BeforeEach
    void reset() {
        OAuthFlow.reset();
    }

    @Test
    void publishesItsEndpointsByDiscovery() {
        // When
        Response discovery = given().get("/generic/.well-known/openid-configuration");

        // Then
        discovery.then().statusCode(200)
                .body("issuer", equalTo(ISSUER))
                .body("authorization_endpoint", equalTo(ISSUER + "/authorize"))
                .body("token_endpoint", equalTo(ISSUER + "/token"))
                .body("revocation_endpoint", equalTo(ISSUER + "/revoke"))
                .body("userinfo_endpoint", equalTo(ISSUER + "/userinfo"))
                .body("jwks_uri", equalTo(ISSUER + "/jwks"))
                .body("grant_types_supported", containsInAnyOrder("authorization_code", "refresh_token"))
                .body("code_challenge_methods_supported", containsInAnyOrder("S256", "plain"));
        given().get("/generic/jwks").then().statusCode(200).body("keys[0].alg", equalTo("RS256"));
    }

    @Test
    void refusesAnUnregisteredRedirectUriWithAnErrorPageInsteadOfARedirect() {
        // When
        Response response = OAuthFlow.authorize("/generic/authorize", query("redirect_uri", "http://127.0.0.1:8081/other"));

        // Then
        response.then().statusCode(400).contentType(ContentType.HTML).header("Location", nullValue());
    }

    @Test
    void redirectsOtherAuthorizationErrorsToARegisteredRedirectUri() {
        // When
        Response response = OAuthFlow.authorize("/generic/authorize", query("response_type", "token"));

        // Then
        response.then().statusCode(302);
        Map<String, String> parameters = OAuthFlow.queryOf(response);
        assertEquals("unsupported_response_type", parameters.get("error"));
        assertEquals("xyz", parameters.get("state"));
    }

    @Test
    void redirectsADenialWithAccessDenied() {
        // Given
        String consent = OAuthFlow.consentId("/generic/authorize", query());

        // When
        Response redirect = OAuthFlow.decide("generic", consent, "deny", ACCOUNT, null, null);

        // Then
        assertEquals(Map.of("error", "access_denied", "state", "xyz"), OAuthFlow.queryOf(redirect));
    }

    @Test
    void exchangesACodeForTokensAndAnIdToken() throws Exception {
        // Given
        String code = code(query("code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256", "nonce", "n-1"));

        // When
        Response response = redeem(code, REDIRECT, VERIFIER);

        // Then
        response.then().statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(3600))
                .body("refresh_token", not(nullValue()))
                .body("scope", equalTo("openid email"));
        JwtClaims idToken = ProviderJwts.verify(response.path("id_token"));
        assertEquals(ISSUER, idToken.getIssuer());
        assertEquals(GENERIC_CLIENT, idToken.getAudience().get(0));
        assertEquals(ACCOUNT, idToken.getClaimValue("email"));
        assertEquals("n-1", idToken.getClaimValue("nonce"));
        given().header("Authorization", "Bearer " + response.path("access_token")).get("/generic/userinfo")
                .then().statusCode(200).body("sub", equalTo(idToken.getSubject())).body("email", equalTo(ACCOUNT));
    }

    @Test
    void issuesNoIdTokenWithoutOpenid() {
        // When
        Response response = redeem(code(query("scope", "calendar")), REDIRECT, null);

        // Then
        response.then().statusCode(200).body("$", not(hasKey("id_token"))).body("scope", equalTo("calendar"));
    }

    @Test
    void refusesACodeRedeemedTwice() {
        // Given
        String code = code(query());
        redeem(code, REDIRECT, null).then().statusCode(200);

        // When
        Response again = redeem(code, REDIRECT, null);

        // Then
        again.then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void refusesAnExpiredCode() {
        // Given
        String code = code(query());
        OAuthFlow.advanceClock(601);

        // When
        Response response = redeem(code, REDIRECT, null);

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void refusesAWrongPkceVerifier() {
        // Given
        String code = code(query("code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256"));

        // When
        Response response = redeem(code, REDIRECT, VERIFIER.toUpperCase());

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void refusesARedirectUriOtherThanTheAuthorizationRequests() {
        // Given
        String code = code(query());

        // When
        Response response = redeem(code, "http://localhost:8081/oauth/generic/callback", null);

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void refusesAWrongSecretByBasicWithAChallenge() {
        // When
        Response response = given().contentType(ContentType.URLENC).auth().preemptive().basic(GENERIC_CLIENT, "wrong")
                .formParam("grant_type", "refresh_token").formParam("refresh_token", "x").post("/generic/token");

        // Then
        response.then().statusCode(401).header("WWW-Authenticate", startsWith("Basic")).body("error", equalTo("invalid_client"));
    }

    @Test
    void refreshesWithoutRotating() {
        // Given
        String refreshToken = redeem(code(query()), REDIRECT, null).path("refresh_token");
        refresh(refreshToken).then().statusCode(200);

        // When
        Response again = refresh(refreshToken);

        // Then
        again.then().statusCode(200).body("$", not(hasKey("refresh_token"))).body("id_token", not(nullValue()));
    }

    @Test
    void refusesAnUnknownRefreshToken() {
        // When
        Response response = refresh("never-issued");

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_grant"))
                .body("error_description", equalTo("Token has been expired or revoked."));
    }

    @Test
    void revokesARefreshTokensGrantPerRfc7009() {
        // Given
        Response tokens = redeem(code(query()), REDIRECT, null);

        // When
        Response revoke = given().contentType(ContentType.URLENC).auth().preemptive().basic(GENERIC_CLIENT, OAuthFlow.SECRET)
                .formParam("token", tokens.<String> path("refresh_token")).formParam("token_type_hint", "refresh_token").post("/generic/revoke");

        // Then
        revoke.then().statusCode(200);
        refresh(tokens.path("refresh_token")).then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().header("Authorization", "Bearer " + tokens.path("access_token")).get("/generic/userinfo").then().statusCode(401);
    }

    @Test
    void answersRevocationOfAnUnknownTokenWith200() {
        // When
        Response revoke = given().contentType(ContentType.URLENC).formParam("client_id", GENERIC_CLIENT)
                .formParam("client_secret", OAuthFlow.SECRET).formParam("token", "never-issued").post("/generic/revoke");

        // Then
        revoke.then().statusCode(200);
    }

    @Test
    void refusesUserinfoOnceTheUserRemovedTheApp() {
        // Given
        String accessToken = redeem(code(query()), REDIRECT, null).path("access_token");
        given().post("/control/generic/accounts/" + ACCOUNT + "/revoke").then().statusCode(204);

        // When
        Response userinfo = given().header("Authorization", "Bearer " + accessToken).get("/generic/userinfo");

        // Then
        userinfo.then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
    }

    @Test
    void answersASwitchedOnTokenError() {
        // Given
        String refreshToken = redeem(code(query()), REDIRECT, null).path("refresh_token");
        given().contentType(ContentType.JSON).body("{\"error\": \"invalid_grant\", \"description\": \"custom\", \"times\": 2}")
                .post("/control/generic/accounts/" + ACCOUNT + "/token-errors").then().statusCode(201);

        // When
        Response failed = refresh(refreshToken);

        // Then
        failed.then().statusCode(400).body("error", equalTo("invalid_grant")).body("error_description", equalTo("custom"));
        given().get("/control/generic/refresh-tokens").then().body("refreshTokens[0].uses", equalTo(1))
                .body("refreshTokens.account", contains(ACCOUNT));
    }

    private static Map<String, String> query(String... overrides) {
        Map<String, String> query = params("client_id", GENERIC_CLIENT, "redirect_uri", REDIRECT, "response_type", "code",
                "scope", "openid email", "state", "xyz");
        query.putAll(params(overrides));
        return query;
    }

    private static String code(Map<String, String> query) {
        return OAuthFlow.approve("generic", "/generic/authorize", query, ACCOUNT, null).get("code");
    }

    private static Response redeem(String code, String redirectUri, String verifier) {
        Map<String, String> form = params("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri);
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return OAuthFlow.token("/generic/token", GENERIC_CLIENT, form);
    }

    private static Response refresh(String refreshToken) {
        return OAuthFlow.token("/generic/token", GENERIC_CLIENT, params("grant_type", "refresh_token", "refresh_token", refreshToken));
    }
}
