package com.crm.integrations.token.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.token.repository.OAuthSessionRepository;
import com.crm.integrations.token.TokenServiceInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Authorizations are deleted once their expiry is older than the retention (7 days), never sooner. */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class OAuthSessionPrunerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;
    @Inject
    OAuthSessionRepository sessions;
    @Inject
    OAuthSessionPruner pruner;

    private UUID session(Instant expiresAt) {
        UUID id = UUID.randomUUID();
        sessions.insert(pool, id, "t-prune", "u1", "google", "http://127.0.0.1/oauth/google/callback",
                Randoms.sha256(Randoms.token()), expiresAt.minus(Duration.ofMinutes(10)), expiresAt).await().atMost(WAIT);
        return id;
    }

    private boolean exists(UUID id) {
        return pool.preparedQuery("SELECT 1 FROM oauth_session WHERE id = $1").execute(Tuple.of(id)).await().atMost(WAIT).size() == 1;
    }

    @Test
    void deletesOnlySessionsExpiredLongerAgoThanTheRetention() {
        // Given
        Instant now = Instant.now();
        UUID longGone = session(now.minus(Duration.ofDays(8)));
        UUID recentlyExpired = session(now.minus(Duration.ofHours(1)));
        UUID open = session(now.plus(Duration.ofMinutes(5)));

        // When
        long deleted = pruner.prune().await().atMost(WAIT);

        // Then
        assertTrue(deleted >= 1, "deleted " + deleted);
        assertEquals(false, exists(longGone));
        assertTrue(exists(recentlyExpired));
        assertTrue(exists(open));
    }
}
