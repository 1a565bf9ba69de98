package com.crm.integrations.calendar;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.tokens.AccessTokens;
import com.crm.integrations.common.tokens.ConnectionFacts;
import com.crm.integrations.common.tokens.ConnectionUnusableException;
import com.crm.integrations.common.tokens.IssuedToken;
import com.crm.integrations.common.tokens.TokenServiceClient;
import com.crm.integrations.testing.contract.SandboxControl;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;
import com.crm.integrations.testing.services.TokenServiceConnections.Connection;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The real token-service beside calendar-service's tests (CalendarInfrastructure), through testing's
 * TokenServiceConnections: a user's Google account connected through its OAuth flow, then its access token asked for
 * the way calendar-service asks, with a client-credentials token of calendar-service's own; Mailchimp connections (API
 * key and OAuth, the sandbox's data centres) as mailchimp-service's tests will make them, read by common's
 * token-service client against the real answers.
 */
@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class TokenServiceProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TokenServiceClient connections;

    @Inject
    AccessTokens tokens;

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

    @Test
    void aMailchimpApiKeyConnectsTheTenantInTheSandboxsDataCentre() {
        // Given
        TestUser admin = TestUser.fresh();

        // When
        Connection key = TokenServiceConnections.connectMailchimpKey(admin);

        // Then: the tenant's connection, in us21, as a sibling reads it
        JsonPath facts = TokenServiceConnections.facts(key);
        assertEquals(admin.tenant(), facts.getString("tenantId"));
        assertEquals("mailchimp", facts.getString("provider"));
        assertEquals("api_key", facts.getString("kind"));
        assertNull(facts.getString("ownerUserId"));
        assertEquals("active", facts.getString("status"));
        assertEquals(TokenServiceConnections.mailchimpApiEndpoint(TokenServiceConnections.MAILCHIMP_DATA_CENTRE),
                facts.getString("apiEndpoint"));
        assertTrue(SandboxControl.issuedSecrets().contains(accessToken(key).path("accessToken")), "the key the sandbox made");
    }

    @Test
    void aMailchimpOAuthConnectionNamesTheEndpointOfTheAccountsDataCentre() {
        // Given
        TestUser user = TestUser.fresh();

        // When
        Connection byDefault = TokenServiceConnections.connect(user, "mailchimp");
        Connection chosen = TokenServiceConnections.connectMailchimp(user.colleague(), "us6");

        // Then
        assertEquals(TokenServiceConnections.mailchimpApiEndpoint(TokenServiceConnections.MAILCHIMP_DATA_CENTRE),
                TokenServiceConnections.facts(byDefault).getString("apiEndpoint"));
        assertEquals(TokenServiceConnections.mailchimpApiEndpoint("us6"), TokenServiceConnections.facts(chosen).getString("apiEndpoint"));
        assertEquals(user.user(), TokenServiceConnections.facts(byDefault).getString("ownerUserId"));
    }

    @Test
    void commonsClientReadsTheFactsAndTokenOfAMailchimpKey() {
        // Given
        TestUser admin = TestUser.fresh();
        Connection key = TokenServiceConnections.connectMailchimpKey(admin, "us6");

        // When
        ConnectionFacts facts = connections.connection(key.id()).await().atMost(WAIT);
        IssuedToken token = tokens.issuedToken(key.id()).await().atMost(WAIT);

        // Then
        assertEquals(key.id(), facts.id());
        assertTrue(facts.belongsTo(admin.tenant()));
        assertEquals(ConnectionKind.API_KEY, facts.kind());
        assertEquals(ConnectionStatus.ACTIVE, facts.status());
        assertNull(facts.ownerUserId());
        assertNull(facts.accountFingerprint());
        assertEquals(TokenServiceConnections.mailchimpApiEndpoint("us6"), facts.apiEndpoint());
        assertNotNull(facts.createdAt());
        assertEquals(facts.apiEndpoint(), token.apiEndpoint());
        assertNull(token.expiresAt());
        assertTrue(SandboxControl.issuedSecrets().contains(token.accessToken()));
    }

    @Test
    void aDisconnectedMailchimpKeyIsRevokedAndGivesNoMoreTokens() {
        // Given
        Connection key = TokenServiceConnections.connectMailchimpKey(TestUser.fresh());

        // When
        String revocation = TokenServiceConnections.disconnect(key);

        // Then
        assertEquals("not_supported", revocation);
        assertEquals(ConnectionStatus.REVOKED, connections.connection(key.id()).await().atMost(WAIT).status());
        ConnectionUnusableException unusable = assertThrows(ConnectionUnusableException.class,
                () -> tokens.token(key.id()).await().atMost(WAIT));
        assertFalse(unusable.gone());
    }

    private static Response accessToken(Connection connection) {
        return given().auth().oauth2(SandboxTokens.service("calendar-service"))
                .when().get(TokenServiceConnections.url() + "/internal/connections/" + connection.id() + "/access-token");
    }
}
