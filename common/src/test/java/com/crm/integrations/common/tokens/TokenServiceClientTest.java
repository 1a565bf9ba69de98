package com.crm.integrations.common.tokens;

import static com.crm.integrations.common.tokens.AccessTokensTest.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.testing.IntegrationInfrastructure;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** {@link TokenServiceClient#connection}: a connection's facts, read at once, as token-service's JSON has them. */
@QuarkusTest
@WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name = "sandbox", value = "false"))
class TokenServiceClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    TokenServiceClient client;

    @Test
    void readsAnApiKeyConnectionsFacts() {
        // Given: a tenant's Mailchimp API key, whose account is unknown
        String connection = UUID.randomUUID().toString();
        Instant created = Instant.parse("2026-11-30T10:15:30Z");
        StubTokenService.answer("connection", connection, () -> StubTokenService.json(200, new JsonObject()
                .put("id", connection).put("tenantId", "t-1").put("provider", "mailchimp").put("kind", "api_key")
                .putNull("ownerUserId").put("status", "active").putNull("accountFingerprint")
                .put("apiEndpoint", "https://us21.api.mailchimp.com").put("createdAt", created.toString())
                .put("updatedAt", created.plusSeconds(60).toString())));

        // When
        ConnectionFacts facts = client.connection(connection).await().atMost(WAIT);

        // Then
        assertEquals(new ConnectionFacts(connection, "t-1", "mailchimp", ConnectionKind.API_KEY, null, ConnectionStatus.ACTIVE,
                null, "https://us21.api.mailchimp.com", created, created.plusSeconds(60)), facts);
        assertTrue(facts.active());
        assertTrue(facts.belongsTo("t-1"));
        assertFalse(facts.belongsTo("t-2"));
        assertEquals("common-test", StubTokenService.caller(connection));
    }

    @Test
    void readsAUsersConnectionThatNeedsReauthentication() {
        // Given
        String connection = UUID.randomUUID().toString();
        StubTokenService.answer("connection", connection, () -> StubTokenService.json(200, new JsonObject()
                .put("id", connection).put("tenantId", "t-1").put("provider", "google").put("kind", "oauth")
                .put("ownerUserId", "u-1").put("status", "needs_reauth").put("accountFingerprint", "f".repeat(43))
                .putNull("apiEndpoint").put("createdAt", "2026-11-30T10:15:30Z").put("updatedAt", "2026-11-30T10:15:30Z")));

        // When
        ConnectionFacts facts = client.connection(connection).await().atMost(WAIT);

        // Then
        assertEquals(ConnectionKind.OAUTH, facts.kind());
        assertEquals("u-1", facts.ownerUserId());
        assertEquals(ConnectionStatus.NEEDS_REAUTH, facts.status());
        assertFalse(facts.active());
        assertNull(facts.apiEndpoint());
    }

    @Test
    void anUnknownConnectionIsGone() {
        // Given: token-service knows no such connection (the stub's default)
        String connection = UUID.randomUUID().toString();

        // When
        Throwable failure = failureOf(() -> client.connection(connection).await().atMost(WAIT));

        // Then
        assertTrue(assertInstanceOf(ConnectionUnusableException.class, failure).gone());
        assertEquals(1, StubTokenService.calls("connection", connection));
    }

    @Test
    void aRefusalOfTheServicesOwnTokenIsAnAuthFailureNotTheConnections() {
        // Given
        String connection = UUID.randomUUID().toString();
        StubTokenService.answer("connection", connection, () -> StubTokenService.json(401,
                new JsonObject().put("status", 401).put("detail", "Unauthenticated")));

        // When
        Throwable failure = failureOf(() -> client.connection(connection).await().atMost(WAIT));

        // Then: not retried
        ProviderCallException call = assertInstanceOf(ProviderCallException.class, failure);
        assertEquals(FailureCategory.AUTH, call.category());
        assertEquals(401, call.status());
        assertEquals(1, StubTokenService.calls("connection", connection));
    }
}
