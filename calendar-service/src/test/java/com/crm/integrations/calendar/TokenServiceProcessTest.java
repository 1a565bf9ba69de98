package com.crm.integrations.calendar;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;
import com.crm.integrations.testing.services.TokenServiceConnections.Connection;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The real token-service beside calendar-service's tests (CalendarInfrastructure): a user's Google account
 * connected through its OAuth flow, then its access token asked for the way calendar-service asks, with a
 * client-credentials token of calendar-service's own.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class TokenServiceProcessTest {

    @Test
    void aConnectedGoogleAccountsAccessTokenComesFromTokenServicesInternalApi() {
        // Given
        Connection google = TokenServiceConnections.connect(TestUser.fresh(), "google");

        // When
        Response answer = accessToken(google);

        // Then
        answer.then().statusCode(200).header("Cache-Control", "no-store");
        String token = answer.path("accessToken");
        assertEquals("Bearer", answer.path("tokenType"));
        assertTrue(Instant.parse(answer.path("expiresAt")).isAfter(Instant.now()), answer.asString());
        assertTrue(SandboxControl.issuedSecrets().contains(token), "the token is one the sandbox's Google issued");
        assertEquals(google.account(), TokenServiceConnections.view(google).getString("account.login"));
    }

    @Test
    void aConnectionWhoseRefreshIsRefusedNeedsReauthentication() {
        // Given
        Connection microsoft = TokenServiceConnections.connect(TestUser.fresh(), "microsoft");

        // When
        TokenServiceConnections.requireReauthentication(microsoft);

        // Then
        accessToken(microsoft).then().statusCode(409);
        TokenServiceConnections.clearRefusal(microsoft);
    }

    @Test
    void aDisconnectedConnectionGivesNoMoreTokens() {
        // Given
        Connection google = TokenServiceConnections.connect(TestUser.fresh(), "google");

        // When
        String revocation = TokenServiceConnections.disconnect(google);

        // Then
        assertEquals("revoked", revocation);
        assertEquals("revoked", TokenServiceConnections.status(google));
        accessToken(google).then().statusCode(409);
    }

    private static Response accessToken(Connection connection) {
        return given().auth().oauth2(SandboxTokens.service("calendar-service"))
                .when().get(TokenServiceConnections.url() + "/internal/connections/" + connection.id() + "/access-token");
    }
}
