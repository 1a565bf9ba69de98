package com.crm.integrations.token.rotation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.token.Connection;
import com.crm.integrations.token.crypto.KeyRing;
import com.crm.integrations.token.crypto.SealContext;
import com.crm.integrations.token.crypto.TokenField;
import com.crm.integrations.token.crypto.TokenSealer;
import com.crm.integrations.token.repository.ConnectionRepository;
import com.crm.integrations.token.repository.SealedTokens;
import com.crm.integrations.token.TokenServiceInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The key rotation worker takes stored runs: one a dead replica left (its lease expired) is resumed,
 * one another worker holds is left alone until its lease expires.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
@TestProfile(KeyRotationRunTest.TwoKeys.class)
class KeyRotationWorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;
    @Inject
    ConnectionRepository connections;

    private final List<UUID> seeded = new ArrayList<>();

    @AfterEach
    void removeSeededRows() {
        pool.preparedQuery("DELETE FROM connection WHERE id = ANY($1)").execute(Tuple.of(seeded.toArray(UUID[]::new)))
                .await().atMost(WAIT);
    }

    private void seedUnderOldKey(int count) {
        TokenSealer old = new TokenSealer(KeyRing.parse("k1:" + System.getProperty("integrations.test.rotation.k1"), "k1"));
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            String tenant = "worker-" + id; // one API-key connection per tenant and provider
            Connection connection = Connection.builder(id, tenant, "mapbox", ConnectionKind.API_KEY).created("admin", now).build();
            SealedTokens sealed = new SealedTokens(
                    Optional.of(old.seal("sk.worker-" + id, new SealContext(tenant, "mapbox", id, TokenField.API_KEY))),
                    Optional.empty());
            connections.insert(pool, connection, sealed).await().atMost(WAIT);
            seeded.add(id);
        }
    }

    /** A run as a replica would have left it: running, leased to {@code owner} until {@code leaseUntil}. */
    private UUID runLeasedTo(String owner, Instant leaseUntil) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO key_rotation (id, target_key_id, requested_by, started_at, status, lease_owner, lease_until) "
                + "VALUES ($1, 'k2', 'ops', $2, 'running', $3, $4)")
                .execute(Tuple.of(id, Instant.now().atOffset(ZoneOffset.UTC), owner, leaseUntil.atOffset(ZoneOffset.UTC)))
                .await().atMost(WAIT);
        return id;
    }

    private String statusAfter(UUID run, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        String status;
        do {
            Thread.sleep(200);
            status = given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/key-rotations/" + run)
                    .then().statusCode(200).extract().path("status");
        } while ("running".equals(status) && System.nanoTime() < deadline);
        return status;
    }

    @Test
    void resumesARunWhoseReplicaDied() throws Exception {
        // Given: a run whose worker's lease ran out mid-way
        seedUnderOldKey(3);
        UUID run = runLeasedTo("worker-of-a-dead-replica", Instant.now().minusSeconds(1));

        // When
        String status = statusAfter(run, Duration.ofSeconds(30));

        // Then
        assertEquals("completed", status);
    }

    @Test
    void leavesARunAnotherWorkerHoldsUntilItsLeaseExpires() throws Exception {
        // Given: a run another replica's worker holds for a while yet
        seedUnderOldKey(3);
        UUID run = runLeasedTo("worker-of-a-live-replica", Instant.now().plusSeconds(6));

        // When
        String whileHeld = statusAfter(run, Duration.ofSeconds(4));
        String afterExpiry = statusAfter(run, Duration.ofSeconds(30));

        // Then
        assertEquals("running", whileHeld);
        assertEquals("completed", afterExpiry);
    }
}
