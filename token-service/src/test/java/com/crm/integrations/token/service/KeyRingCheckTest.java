package com.crm.integrations.token.service;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.crypto.KeyRing;
import com.crm.integrations.token.crypto.SealContext;
import com.crm.integrations.token.crypto.TokenField;
import com.crm.integrations.token.crypto.TokenSealer;
import com.crm.integrations.token.repository.ConnectionRepository;
import com.crm.integrations.token.repository.SealedTokens;
import com.crm.integrations.token.TokenServiceInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The start-up check: a stored token under a key id the ring lacks stops the service, naming the id. */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class KeyRingCheckTest {

    @Inject
    Pool pool;
    @Inject
    ConnectionRepository connections;
    @Inject
    TokenVault vault;

    @Test
    void refusesToStartWhenAStoredTokensKeyIsMissingFromTheRing() {
        // Given: a row sealed under a key the ring does not hold
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        TokenSealer gone = new TokenSealer(KeyRing.generate("retired-key"));
        Connection connection = new Connection(id, "t-check", Optional.empty(), "mapbox", ConnectionKind.API_KEY,
                ConnectionStatus.ACTIVE, List.of(), ProviderAccount.UNKNOWN, Optional.empty(), Optional.of(now), 0, Optional.empty(),
                Optional.empty(), Optional.empty(), false, "admin", now, now, Optional.empty());
        connections.insert(pool, connection, new SealedTokens(
                Optional.of(gone.seal("sk.a.b", new SealContext("t-check", "mapbox", id, TokenField.API_KEY))), Optional.empty()))
                .await().atMost(Duration.ofSeconds(10));
        try {
            // When
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new KeyRingCheck().check(null, pool, vault, connections));

            // Then
            assertTrue(refused.getMessage().contains("[retired-key]"), refused.getMessage());
        } finally {
            pool.preparedQuery("DELETE FROM connection WHERE id = $1").execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10));
        }
    }
}
