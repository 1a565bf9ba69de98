package com.crm.integrations.common.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.IntegrationInfrastructure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The cache of verified tokens in front of smallrye-jwt, over HTTP, with tokens signed by common's
 * test-only key (TestTokens) and verified by smallrye-jwt for real. Verifications are read from the
 * meter {@code integrations.identity.token.verifications}: a token answered from the cache adds none.
 */
@QuarkusTest
@WithTestResource(value = IntegrationInfrastructure.class, initArgs = @ResourceArg(name = "sandbox", value = "false"))
class VerifiedTokenCacheTest {

    @Inject
    MeterRegistry registry;

    @Test
    void acceptsARepeatedTokenWithoutVerifyingItAgain() {
        // Given
        String tenant = "t-" + shortId();
        String token = TestTokens.user(tenant, "alice", Instant.now().plusSeconds(300));
        seenAs(token, "alice", tenant);
        double verified = verifications("accepted");
        // When
        seenAs(token, "alice", tenant);
        // Then
        assertEquals(verified, verifications("accepted"));
    }

    @Test
    void refusesAnExpiredTokenEvenIfItWasCached() {
        // Given: a service token that expires in 5 s, accepted (on /internal: the path rule's check) and
        // answered from the cache, then its exp and the verifier's 1 s of clock skew pass
        warmUp();
        Instant exp = Instant.now().plusSeconds(5);
        String token = TestTokens.service("calendar-service", exp);
        double accepted = verifications("accepted");
        given().auth().oauth2(token).when().get("/internal/caller-probe").then().statusCode(200);
        given().auth().oauth2(token).when().get("/internal/caller-probe").then().statusCode(200);
        assertEquals(accepted + 1, verifications("accepted"));
        sleepUntil(exp.plusMillis(2100));
        double refused = verifications("refused");
        // When / Then: verified again, refused, with the problem body of a 401
        given().auth().oauth2(token).when().get("/internal/caller-probe")
                .then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(401));
        assertEquals(refused + 1, verifications("refused"));
    }

    @Test
    void refusesATokenWhosePayloadWasEditedAfterTheGenuineOneWasCached() {
        // Given: the genuine token is cached; the edited one names another tenant under the same signature
        String tenant = "t-" + shortId();
        String genuine = TestTokens.user(tenant, "alice", Instant.now().plusSeconds(300));
        seenAs(genuine, "alice", tenant);
        String tampered = TestTokens.withPayloadEdited(genuine, tenant, "t-" + shortId());
        // When / Then
        given().auth().oauth2(tampered).when().get("/caller-probe")
                .then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void neverServesOneCallersIdentityForAnothersToken() {
        // Given: two users of two tenants, both tokens cached
        String acme = "t-" + shortId();
        String globex = "t-" + shortId();
        String ana = TestTokens.user(acme, "ana", Instant.now().plusSeconds(300));
        String bob = TestTokens.user(globex, "bob", Instant.now().plusSeconds(300));
        seenAs(ana, "ana", acme);
        seenAs(bob, "bob", globex);
        // When / Then: each token, answered from the cache, is still its own caller
        seenAs(ana, "ana", acme);
        seenAs(bob, "bob", globex);
    }

    /** The first verification after start-up loads the key and compiles the verifier: seconds on a busy machine. */
    private static void warmUp() {
        given().auth().oauth2(TestTokens.service("warm-up", Instant.now().plusSeconds(60)))
                .when().get("/internal/caller-probe").then().statusCode(200);
    }

    private static void seenAs(String token, String subject, String tenant) {
        given().auth().oauth2(token).when().get("/caller-probe")
                .then().statusCode(200)
                .body("subject", equalTo(subject))
                .body("tenant", equalTo(tenant));
    }

    private double verifications(String outcome) {
        // The provider, and so its meters, come to be at the first authentication.
        Counter counter = registry.find(CachedTokenIdentityProvider.VERIFICATIONS).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void sleepUntil(Instant instant) {
        while (Instant.now().isBefore(instant)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
