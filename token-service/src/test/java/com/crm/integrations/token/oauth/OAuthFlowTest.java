package com.crm.integrations.token.oauth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.token.TokenServiceInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class OAuthFlowTest {

    private static String tenant() {
        return TestUser.fresh().tenant();
    }

    @ParameterizedTest
    @ValueSource(strings = { "google", "microsoft", "mailchimp", "acme" })
    void connectsEndToEndAndHandsOutTheAccessToken(String provider) {
        // Given
        String tenant = tenant();
        String user = "u-" + provider;
        OAuthBrowser browser = new OAuthBrowser(provider, SandboxTokens.user(tenant, user));

        // When
        Map<String, String> outcome = browser.connect(user + "@example.com");

        // Then
        assertEquals("connected", outcome.get("outcome"), outcome.toString());
        assertEquals(provider, outcome.get("provider"));
        String id = outcome.get("connection");
        assertNotNull(id);
        given().auth().oauth2(SandboxTokens.user(tenant, user)).when().get("/connections/" + id)
                .then().statusCode(200)
                .body("provider", equalTo(provider))
                .body("kind", equalTo("oauth"))
                .body("status", equalTo("active"))
                .body("ownerUserId", equalTo(user))
                .body("account.login", equalTo(user + "@example.com"))
                .body("accessToken", nullValue())
                .body("refreshToken", nullValue());
        given().auth().oauth2(SandboxTokens.service("calendar-service")).when().get("/internal/connections/" + id + "/access-token")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("accessToken", notNullValue())
                .body("tokenType", equalTo("Bearer"));
    }

    @Test
    void reconnectingWithAnotherAccountRevokesTheReplacedAccountsGrant() {
        // Given
        String tenant = tenant();
        String first = "first-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        String second = "second-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        String id = new OAuthBrowser("google", SandboxTokens.user(tenant, "u1")).connect(first).get("connection");

        // When
        Map<String, String> outcome = new OAuthBrowser("google", SandboxTokens.user(tenant, "u1")).connect(second);

        // Then
        assertEquals("reconnected", outcome.get("outcome"));
        assertEquals(id, outcome.get("connection"));
        assertEquals("revoked", SandboxControl.refreshTokens("google", first).get(0).get("state"));
        assertEquals("active", SandboxControl.refreshTokens("google", second).get(0).get("state"));
    }

    @Test
    void reconnectingWithTheSameAccountRevokesNothing() {
        // Given
        String tenant = tenant();
        String account = "same-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        new OAuthBrowser("google", SandboxTokens.user(tenant, "u1")).connect(account);

        // When
        Map<String, String> outcome = new OAuthBrowser("google", SandboxTokens.user(tenant, "u1")).connect(account);

        // Then
        assertEquals("reconnected", outcome.get("outcome"));
        SandboxControl.refreshTokens("google", account).forEach(token -> assertEquals("active", token.get("state")));
    }

    @Test
    void deniedConsentStoresNothing() {
        // Given
        String tenant = tenant();
        OAuthBrowser browser = new OAuthBrowser("google", SandboxTokens.user(tenant, "u1"));
        URI authorize = browser.open(browser.startUrl());

        // When
        URI back = browser.decide(authorize, browser.consentPage(authorize), "deny", "u1@example.com", null);
        Map<String, String> outcome = OAuthBrowser.query(browser.callback(back));

        // Then
        assertEquals("denied", outcome.get("outcome"));
        assertTrue(outcome.get("connection") == null);
        given().auth().oauth2(SandboxTokens.user(tenant, "u1")).when().get("/connections")
                .then().statusCode(200).body("size()", equalTo(0));
    }
}
