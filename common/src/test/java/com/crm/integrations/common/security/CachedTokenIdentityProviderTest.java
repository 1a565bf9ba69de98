package com.crm.integrations.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.mutiny.Uni;

/**
 * The cache in front of smallrye-jwt's validator, with a stubbed validator that knows a few tokens
 * (raw token → its claims) and counts what it is asked: what the cache answers, the validator is
 * never asked again, and what it would answer wrongly (expired, tampered, another caller's), it never does.
 */
class CachedTokenIdentityProviderTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final AuthenticationRequestContext CONTEXT = supplier -> Uni.createFrom().item(supplier);

    private final MovableClock clock = new MovableClock(NOW);
    private final StubValidator validator = new StubValidator();
    private final CachedTokenIdentityProvider provider = new CachedTokenIdentityProvider(validator,
            new VerifiedTokens(100, clock), new SimpleMeterRegistry());

    @Test
    void answersARepeatedTokenWithoutVerifyingItAgain() {
        // Given
        String token = validator.knows("acme", "alice", NOW.plusSeconds(300));
        authenticate(token);
        // When
        SecurityIdentity second = authenticate(token);
        // Then
        assertEquals(1, validator.asked(token));
        assertEquals("alice", second.getPrincipal().getName());
        assertEquals(Set.of(Roles.USER), second.getRoles());
    }

    @Test
    void rebuildsTheIdentityWithTheRequestsOwnCredential() {
        // Given
        String token = validator.knows("acme", "alice", NOW.plusSeconds(300));
        authenticate(token);
        TokenAuthenticationRequest request = request(token);
        // When
        SecurityIdentity second = provider.authenticate(request, CONTEXT).await().indefinitely();
        // Then
        assertSame(request.getToken(), second.getCredentials().iterator().next());
        assertInstanceOf(JsonWebToken.class, second.getAttribute(SecurityIdentity.USER_ATTRIBUTE));
    }

    @Test
    void verifiesAgainOnceTheTokenExpired() {
        // Given: accepted and remembered, then its exp passes; the validator now refuses it
        String token = validator.knows("acme", "alice", NOW.plusSeconds(60));
        authenticate(token);
        clock.advance(Duration.ofSeconds(61));
        validator.refuse(token);
        // When / Then
        assertThrows(AuthenticationFailedException.class, () -> authenticate(token));
        assertEquals(2, validator.asked(token));
    }

    @Test
    void neverServesAnEntryAtItsExpiryInstant() {
        // Given
        String token = validator.knows("acme", "alice", NOW.plusSeconds(60));
        authenticate(token);
        clock.advance(Duration.ofSeconds(60));
        // When
        authenticate(token);
        // Then: exp reached, so asked again
        assertEquals(2, validator.asked(token));
    }

    @Test
    void refusesATamperedTokenThatWasNeverVerified() {
        // Given: the genuine token is remembered; the tampered one differs in one signature character
        String genuine = validator.knows("acme", "alice", NOW.plusSeconds(300));
        authenticate(genuine);
        String tampered = genuine.substring(0, genuine.length() - 1) + (genuine.endsWith("A") ? "B" : "A");
        // When / Then
        assertThrows(AuthenticationFailedException.class, () -> authenticate(tampered));
        assertEquals(1, validator.asked(tampered));
    }

    @Test
    void neverRemembersARefusedToken() {
        // Given
        String token = validator.knows("acme", "alice", NOW.plusSeconds(300));
        validator.refuse(token);
        assertThrows(AuthenticationFailedException.class, () -> authenticate(token));
        // When
        assertThrows(AuthenticationFailedException.class, () -> authenticate(token));
        // Then
        assertEquals(2, validator.asked(token));
    }

    @Test
    void neverServesOneCallersIdentityForAnothersToken() {
        // Given: two callers of two tenants, both remembered; their tokens share header and shape
        String ana = validator.knows("acme", "ana", NOW.plusSeconds(300));
        String bob = validator.knows("globex", "bob", NOW.plusSeconds(300));
        authenticate(ana);
        authenticate(bob);
        // When
        Caller first = CallerContext.toCaller(authenticate(ana));
        Caller second = CallerContext.toCaller(authenticate(bob));
        // Then
        assertEquals(new Caller("ana", new TenantId("acme"), Set.of(Roles.USER)), first);
        assertEquals(new Caller("bob", new TenantId("globex"), Set.of(Roles.USER)), second);
        assertEquals(1, validator.asked(ana));
        assertEquals(1, validator.asked(bob));
    }

    @Test
    void verifiesEveryTimeWhenTheCacheIsOff() {
        // Given
        CachedTokenIdentityProvider off = new CachedTokenIdentityProvider(validator, null, new SimpleMeterRegistry());
        String token = validator.knows("acme", "alice", NOW.plusSeconds(300));
        off.authenticate(request(token), CONTEXT).await().indefinitely();
        // When
        off.authenticate(request(token), CONTEXT).await().indefinitely();
        // Then
        assertEquals(2, validator.asked(token));
    }

    @Test
    void leavesOtherCredentialsToOtherProviders() {
        // Given
        TokenAuthenticationRequest opaque = new TokenAuthenticationRequest(new TokenCredential("x", "opaque"));
        // When
        SecurityIdentity identity = provider.authenticate(opaque, CONTEXT).await().indefinitely();
        // Then
        assertNull(identity);
        assertTrue(validator.calls.isEmpty());
    }

    private SecurityIdentity authenticate(String token) {
        return provider.authenticate(request(token), CONTEXT).await().indefinitely();
    }

    private static TokenAuthenticationRequest request(String token) {
        return new TokenAuthenticationRequest(new JsonWebTokenCredential(token));
    }

    /** smallrye-jwt's validator as far as the cache sees it: accepts the tokens it knows, refuses the rest. */
    static final class StubValidator implements IdentityProvider<TokenAuthenticationRequest> {

        private final Map<String, JwtClaims> known = new HashMap<>();
        private final Map<String, AtomicInteger> calls = new HashMap<>();
        private final AtomicInteger serial = new AtomicInteger();

        /** A token of this user, with a distinct signature part, that verifies until told otherwise. */
        String knows(String tenant, String user, Instant exp) {
            JwtClaims claims = new JwtClaims();
            claims.setSubject(user);
            claims.setClaim("upn", user);
            claims.setClaim(CallerContext.TENANT_CLAIM, tenant);
            claims.setStringListClaim("groups", List.of(Roles.USER));
            claims.setExpirationTime(NumericDate.fromSeconds(exp.getEpochSecond()));
            String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ" + user + "\"}." + "c2lnbmF0dXJl" + serial.incrementAndGet() + "Q";
            known.put(token, claims);
            return token;
        }

        void refuse(String token) {
            known.remove(token);
        }

        int asked(String token) {
            AtomicInteger count = calls.get(token);
            return count == null ? 0 : count.get();
        }

        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
            String token = request.getToken().getToken();
            calls.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
            JwtClaims claims = known.get(token);
            if (claims == null) {
                return Uni.createFrom().failure(new AuthenticationFailedException("refused"));
            }
            JsonWebToken principal = new DefaultJWTCallerPrincipal(token, "JWT", claims);
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(principal)
                    .addCredential(request.getToken()).addRoles(principal.getGroups()).build());
        }
    }
}
