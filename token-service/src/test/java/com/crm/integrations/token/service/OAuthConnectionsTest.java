package com.crm.integrations.token.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.retry.GuardSettings;
import com.crm.integrations.token.AccountSource;
import com.crm.integrations.token.ClientAuthentication;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.Secret;
import com.crm.integrations.token.TokenGrant;
import com.crm.integrations.token.crypto.Sealed;
import com.crm.integrations.token.repository.SealedTokens;
import com.crm.integrations.token.repository.StoredConnection;

/** The one rule of storing an OAuth grant that needs no database: a provider that should give a refresh token must have given one. */
class OAuthConnectionsTest {

    private static ProviderDefinition provider(boolean refreshTokenRequired) {
        ProviderDefinition.OAuth oauth = new ProviderDefinition.OAuth(URI.create("https://a.example/auth"),
                URI.create("https://a.example/token"), Optional.empty(), Optional.empty(), Optional.empty(), "client", new Secret("s"),
                List.of(), true, ClientAuthentication.CLIENT_SECRET_POST, Map.of(), refreshTokenRequired, AccountSource.NONE,
                Optional.empty(), false);
        return new ProviderDefinition("google", "Google", Optional.of(oauth), Optional.empty(), new GuardSettings(Duration.ofSeconds(5), 0, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(10), 10, 0.5, Duration.ofSeconds(5)),
                Duration.ofSeconds(5));
    }

    private static TokenGrant grant(boolean withRefreshToken) {
        return new TokenGrant(new Secret("access"), withRefreshToken ? Optional.of(new Secret("refresh")) : Optional.empty(),
                Optional.of(Duration.ofHours(1)), List.of(), Optional.empty());
    }

    private static Optional<StoredConnection> existing(boolean withRefreshToken) {
        Connection connection = Connection.builder(UUID.randomUUID(), "acme", "google", ConnectionKind.OAUTH)
                .ownerUserId(Optional.of("alice")).created("alice", Instant.EPOCH).build();
        Optional<Sealed> refresh = withRefreshToken ? Optional.of(new Sealed("k1", new byte[] { 1 })) : Optional.empty();
        return Optional.of(new StoredConnection(connection, new SealedTokens(Optional.of(new Sealed("k1", new byte[] { 2 })), refresh)));
    }

    @Test
    void refusesAFirstGrantWithoutTheRefreshTokenTheProviderShouldGive() {
        assertTrue(OAuthConnections.lacksRefreshToken(provider(true), grant(false), Optional.empty()));
    }

    @Test
    void refusesAReconnectWithoutRefreshTokenWhenNoneIsStoredEither() {
        assertTrue(OAuthConnections.lacksRefreshToken(provider(true), grant(false), existing(false)));
    }

    @Test
    void keepsTheStoredRefreshTokenOnAReconnectWithoutOne() {
        assertFalse(OAuthConnections.lacksRefreshToken(provider(true), grant(false), existing(true)));
    }

    @Test
    void takesAGrantWithARefreshToken() {
        assertFalse(OAuthConnections.lacksRefreshToken(provider(true), grant(true), Optional.empty()));
    }

    @Test
    void takesAGrantWithoutRefreshTokenFromAProviderThatGivesNone() {
        assertFalse(OAuthConnections.lacksRefreshToken(provider(false), grant(false), Optional.empty()));
    }
}
