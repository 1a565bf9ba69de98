package com.crm.integrations.token.rotation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.events.payload.ConnectionStatus;
import com.crm.integrations.testing.contract.SandboxTokens;
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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Key rotation: tokens sealed under k1 while the ring holds k1 and k2 (k2 active) are re-sealed
 * under k2 in batches by POST /admin/key-rotations, and read correctly throughout.
 */
@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
@TestProfile(KeyRotationRunTest.TwoKeys.class)
class KeyRotationRunTest {

    // Generated per test JVM; kept in system properties because Quarkus loads this class twice (the
    // profile in its class loader, the test in JUnit's) and both must see the same keys.
    private static final String K1 = key("integrations.test.rotation.k1");
    private static final String K2 = key("integrations.test.rotation.k2");
    private static final int CONNECTIONS = 600;

    /** A ring of two keys, the second active; small batches so a rotation takes several. */
    public static class TwoKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("integrations.token.encryption.keys", "k1:" + K1 + ",k2:" + K2,
                    "integrations.token.encryption.active-key", "k2",
                    "integrations.token.encryption.rotation-batch-size", "50");
        }
    }

    @Inject
    Pool pool;
    @Inject
    ConnectionRepository connections;

    private static synchronized String key(String property) {
        String existing = System.getProperty(property);
        if (existing != null) {
            return existing;
        }
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String key = Base64.getEncoder().encodeToString(bytes);
        System.setProperty(property, key);
        return key;
    }

    /** Stores {@code count} connections whose tokens are sealed under k1 alone, as before the rotation; returns id → access token. */
    private Map<UUID, String> seedUnderOldKey(int count) {
        TokenSealer old = new TokenSealer(KeyRing.parse("k1:" + K1, "k1"));
        Map<UUID, String> tokens = new java.util.HashMap<>();
        Instant now = Instant.now();
        String batch = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            String tenant = "rot-" + (i % 10);
            String access = "ya29.rotation-" + UUID.randomUUID();
            String refresh = "1//0rotation-" + UUID.randomUUID();
            Connection connection = new Connection(id, tenant, Optional.of("u-" + batch + "-" + i), "google", ConnectionKind.OAUTH,
                    ConnectionStatus.ACTIVE, List.of("openid"), ProviderAccount.UNKNOWN, Optional.of(now.plus(Duration.ofHours(1))),
                    Optional.of(now), 0, Optional.empty(), Optional.empty(), Optional.empty(), true, "u-" + i, now, now,
                    Optional.empty());
            SealedTokens sealed = new SealedTokens(
                    Optional.of(old.seal(access, new SealContext(tenant, "google", id, TokenField.ACCESS))),
                    Optional.of(old.seal(refresh, new SealContext(tenant, "google", id, TokenField.REFRESH))));
            connections.insert(pool, connection, sealed).await().atMost(Duration.ofSeconds(10));
            tokens.put(id, access);
        }
        return tokens;
    }

    private Map<String, Integer> tokensByKey(String rotation) {
        return given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/key-rotations/" + rotation)
                .then().statusCode(200).extract().path("tokensByKey");
    }

    @Test
    void resealsEveryTokenUnderTheActiveKeyWhileReadsGoOn() throws Exception {
        // Given
        Map<UUID, String> tokens = seedUnderOldKey(CONNECTIONS);
        List<UUID> ids = new ArrayList<>(tokens.keySet());
        AtomicBoolean rotating = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        String service = SandboxTokens.service("calendar-service");
        Thread reader = new Thread(() -> {
            while (rotating.get()) {
                UUID id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                Response answer = given().auth().oauth2(service).when().get("/internal/connections/" + id + "/access-token");
                if (answer.statusCode() != 200 || !tokens.get(id).equals(answer.jsonPath().getString("accessToken"))) {
                    wrong.add(id + ": " + answer.statusCode());
                }
                reads.incrementAndGet();
            }
        });
        reader.start();

        // When
        Response started = given().auth().oauth2(SandboxTokens.operator("ops")).when().post("/admin/key-rotations");

        // Then
        started.then().statusCode(202);
        String rotation = started.jsonPath().getString("id");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String status;
        do {
            Thread.sleep(100);
            status = given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/key-rotations/" + rotation)
                    .then().statusCode(200).extract().path("status");
        } while ("running".equals(status) && System.nanoTime() < deadline);
        Thread.sleep(200);
        rotating.set(false);
        reader.join();
        assertEquals("completed", status);
        assertEquals(Map.of("k2", 2 * CONNECTIONS), tokensByKey(rotation).entrySet().stream()
                .filter(entry -> entry.getValue() > 0).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertTrue(reads.get() > 0);
        assertEquals(List.of(), wrong, "reads during the rotation");
        int resealed = given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/key-rotations/" + rotation)
                .then().extract().path("resealedRows");
        assertTrue(resealed >= CONNECTIONS, "resealed " + resealed);
        for (UUID id : ids.subList(0, 20)) {
            assertEquals(tokens.get(id), given().auth().oauth2(service).when().get("/internal/connections/" + id + "/access-token")
                    .then().statusCode(200).extract().path("accessToken"));
        }
    }

    @Test
    void waitsOutARowAnotherTransactionHoldsBeforeItCompletes() throws Exception {
        // Given: rows under k1, one of them locked by another transaction (a refresh, say)
        Map<UUID, String> tokens = seedUnderOldKey(5);
        UUID held = tokens.keySet().iterator().next();
        io.vertx.mutiny.sqlclient.SqlConnection other = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        io.vertx.mutiny.sqlclient.Transaction tx = other.begin().await().atMost(Duration.ofSeconds(10));
        other.preparedQuery("SELECT id FROM connection WHERE id = $1 FOR UPDATE").execute(io.vertx.mutiny.sqlclient.Tuple.of(held))
                .await().atMost(Duration.ofSeconds(10));
        try {
            // When
            String rotation = given().auth().oauth2(SandboxTokens.operator("ops")).when().post("/admin/key-rotations")
                    .then().statusCode(202).extract().path("id");
            Thread.sleep(1000);
            String whileHeld = given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/key-rotations/" + rotation)
                    .then().statusCode(200).extract().path("status");
            tx.commit().await().atMost(Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String status;
            do {
                Thread.sleep(100);
                status = given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/key-rotations/" + rotation)
                        .then().statusCode(200).extract().path("status");
            } while ("running".equals(status) && System.nanoTime() < deadline);

            // Then: it did not call itself done while a row was still under k1
            assertEquals("running", whileHeld);
            assertEquals("completed", status);
            assertEquals(java.util.Set.of("k2"), tokensByKey(rotation).entrySet().stream().filter(entry -> entry.getValue() > 0)
                    .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet()));
        } finally {
            other.close().await().atMost(Duration.ofSeconds(10));
            pool.preparedQuery("DELETE FROM connection WHERE id = ANY($1)")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(tokens.keySet().toArray(UUID[]::new))).await().atMost(Duration.ofSeconds(10));
        }
    }

    @Test
    void onlyOperatorsRotate() {
        // When / Then
        given().auth().oauth2(SandboxTokens.user("acme", "alice", "tenant_admin")).when().post("/admin/key-rotations")
                .then().statusCode(403);
        given().when().post("/admin/key-rotations").then().statusCode(401);
    }
}
