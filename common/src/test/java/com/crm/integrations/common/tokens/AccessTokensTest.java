package com.crm.integrations.common.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.testing.IntegrationInfrastructure;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * {@link AccessTokens} against token-service's internal API as {@link StubTokenService} scripts it in the test
 * application: tokens kept at most {@code max-age} (60 s) and never within {@code expiry-margin} (60 s) of their expiry,
 * token-service's 404 and 409 as {@link ConnectionUnusableException}, its failures as transient, rejection reports.
 */
@QuarkusTest
@WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name = "sandbox", value = "false"))
class AccessTokensTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ENDPOINT = "https://us21.api.mailchimp.com";

    @Inject
    AccessTokens tokens;

    @Inject
    MovingClock clock;

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    @Test
    void handsOutTheTokenWithItsExpiryAndEndpointAsTheServiceItself() {
        // Given
        String connection = newConnection();
        Instant expiresAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        answersToken(connection, "at-1", expiresAt, ENDPOINT);

        // When
        IssuedToken token = tokens.issuedToken(connection).await().atMost(WAIT);

        // Then: the answer, and token-service was called with the test application's own client-credentials token
        assertEquals(new IssuedToken("at-1", expiresAt, ENDPOINT), token);
        assertEquals("common-test", StubTokenService.caller(connection));
    }

    @Test
    void keepsATokenInsteadOfAskingAgain() {
        // Given
        String connection = newConnection();
        answersToken(connection, "at-1", Instant.now().plus(Duration.ofHours(1)), null);
        tokens.token(connection).await().atMost(WAIT);

        // When
        String token = tokens.token(connection).await().atMost(WAIT);

        // Then
        assertEquals("at-1", token);
        assertEquals(1, StubTokenService.calls("access-token", connection));
    }

    @Test
    void asksAgainOnceTheMaxAgeHasPassed() {
        // Given: a token valid for an hour, kept for 60 s
        String connection = newConnection();
        answersToken(connection, "at-1", Instant.now().plus(Duration.ofHours(1)), null);
        tokens.token(connection).await().atMost(WAIT);
        clock.advance(Duration.ofSeconds(61));

        // When
        tokens.token(connection).await().atMost(WAIT);

        // Then
        assertEquals(2, StubTokenService.calls("access-token", connection));
    }

    @Test
    void dropsATokenTheExpiryMarginBeforeItExpires() {
        // Given: a token that expires in 90 s is kept for 30 s, not 60
        String connection = newConnection();
        answersToken(connection, "at-1", Instant.now().plusSeconds(90), null);
        tokens.token(connection).await().atMost(WAIT);
        clock.advance(Duration.ofSeconds(31));

        // When
        tokens.token(connection).await().atMost(WAIT);

        // Then
        assertEquals(2, StubTokenService.calls("access-token", connection));
    }

    @Test
    void keepsNoTokenThatExpiresWithinTheMargin() {
        // Given
        String connection = newConnection();
        answersToken(connection, "at-1", Instant.now().plusSeconds(30), null);
        tokens.token(connection).await().atMost(WAIT);

        // When
        tokens.token(connection).await().atMost(WAIT);

        // Then
        assertEquals(2, StubTokenService.calls("access-token", connection));
    }

    @Test
    void keepsATokenThatNeverExpiresForTheMaxAge() {
        // Given: an API key (no expiry)
        String connection = newConnection();
        answersToken(connection, "key-us21", null, ENDPOINT);
        tokens.token(connection).await().atMost(WAIT);
        clock.advance(Duration.ofSeconds(59));
        tokens.token(connection).await().atMost(WAIT);
        clock.advance(Duration.ofSeconds(2));

        // When
        IssuedToken token = tokens.issuedToken(connection).await().atMost(WAIT);

        // Then
        assertEquals(new IssuedToken("key-us21", null, ENDPOINT), token);
        assertEquals(2, StubTokenService.calls("access-token", connection));
    }

    @Test
    void anUnknownConnectionIsGone() {
        // Given: token-service knows no such connection (the stub's default)
        String connection = newConnection();

        // When
        Throwable failure = failureOf(() -> tokens.token(connection).await().atMost(WAIT));

        // Then
        ConnectionUnusableException unusable = assertInstanceOf(ConnectionUnusableException.class, failure);
        assertTrue(unusable.gone());
        assertEquals("No connection " + connection, unusable.getMessage());
    }

    @Test
    void aConnectionThatNeedsSomeoneToActIsUnusableButNotGone() {
        // Given
        String connection = newConnection();
        StubTokenService.answer("access-token", connection, () -> StubTokenService.json(409,
                new JsonObject().put("status", 409).put("detail", "The user must reconnect")));

        // When
        Throwable failure = failureOf(() -> tokens.token(connection).await().atMost(WAIT));

        // Then: not retried
        ConnectionUnusableException unusable = assertInstanceOf(ConnectionUnusableException.class, failure);
        assertFalse(unusable.gone());
        assertEquals("The user must reconnect", unusable.getMessage());
        assertEquals(1, StubTokenService.calls("access-token", connection));
    }

    @Test
    void tokenServiceUnavailableIsTransientAfterItsRetries() {
        // Given: the test application allows one retry
        String connection = newConnection();
        StubTokenService.answer("access-token", connection, () -> StubTokenService.json(503,
                new JsonObject().put("status", 503).put("detail", "A refresh is in progress")));

        // When
        Throwable failure = failureOf(() -> tokens.token(connection).await().atMost(WAIT));

        // Then
        ProviderCallException call = assertInstanceOf(ProviderCallException.class, failure);
        assertEquals(TokenServiceClient.SERVICE, call.provider());
        assertEquals(FailureCategory.TRANSIENT, call.category());
        assertEquals(2, StubTokenService.calls("access-token", connection));
    }

    @Test
    void aRejectionReportBringsTheFreshTokenAndKeepsIt() {
        // Given: a kept token the provider refused; token-service refreshes
        String connection = newConnection();
        answersToken(connection, "at-1", Instant.now().plus(Duration.ofHours(1)), null);
        tokens.token(connection).await().atMost(WAIT);
        StubTokenService.answer("rejection", connection, () -> tokenAnswer("at-2", Instant.now().plus(Duration.ofHours(1)), null));

        // When
        Optional<IssuedToken> fresh = tokens.reportRejection(connection).await().atMost(WAIT);

        // Then
        assertEquals("at-2", fresh.orElseThrow().accessToken());
        assertEquals("at-2", tokens.token(connection).await().atMost(WAIT));
        assertEquals(1, StubTokenService.calls("access-token", connection));
    }

    @Test
    void aConfirmedRejectionIsNoTokenAndDropsTheKeptOne() {
        // Given
        String connection = newConnection();
        answersToken(connection, "at-1", Instant.now().plus(Duration.ofHours(1)), null);
        tokens.token(connection).await().atMost(WAIT);
        StubTokenService.answer("rejection", connection, () -> StubTokenService.json(409,
                new JsonObject().put("status", 409).put("detail", "The user must reconnect")));

        // When
        Optional<IssuedToken> fresh = tokens.reportRejection(connection).await().atMost(WAIT);

        // Then
        assertTrue(fresh.isEmpty());
        tokens.token(connection).await().atMost(WAIT);
        assertEquals(2, StubTokenService.calls("access-token", connection));
    }

    @Test
    void forgettingATokenAsksAgain() {
        // Given
        String connection = newConnection();
        answersToken(connection, "at-1", Instant.now().plus(Duration.ofHours(1)), null);
        tokens.token(connection).await().atMost(WAIT);

        // When
        tokens.forget(connection);

        // Then
        tokens.token(connection).await().atMost(WAIT);
        assertEquals(2, StubTokenService.calls("access-token", connection));
    }

    private static String newConnection() {
        return UUID.randomUUID().toString();
    }

    private static void answersToken(String connection, String token, Instant expiresAt, String endpoint) {
        StubTokenService.answer("access-token", connection, () -> tokenAnswer(token, expiresAt, endpoint));
    }

    private static jakarta.ws.rs.core.Response tokenAnswer(String token, Instant expiresAt, String endpoint) {
        JsonObject body = new JsonObject().put("accessToken", token).put("tokenType", "Bearer");
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt.toString());
        }
        if (endpoint != null) {
            body.put("apiEndpoint", endpoint);
        }
        return StubTokenService.json(200, body);
    }

    static Throwable failureOf(Runnable action) {
        Throwable thrown = assertThrows(RuntimeException.class, action::run);
        return thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
    }
}
