package com.crm.integrations.common.security;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.smallrye.jwt.runtime.auth.MpJwtValidator;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The bearer token's identity, verified once per token: asked before smallrye-jwt's own
 * {@link MpJwtValidator} (a higher priority), it answers a token it holds in {@link VerifiedTokens}
 * at once, on the calling thread, and hands every other token to that validator (which verifies it,
 * on a worker thread with {@code quarkus.smallrye-jwt.blocking-authentication=true}), remembering what
 * it accepts. A refused token is never remembered: its failure goes back as it came.
 *
 * <p>The identity is rebuilt per request as the validator builds it (the principal, the request's
 * credential, the token's groups as roles, the principal as user attribute, the request's
 * {@link RoutingContext}): only the verified token is shared between requests, never a request's context.
 *
 * <p>Meters: {@code integrations.identity.token.verifications} (tag {@code outcome}: {@code accepted},
 * {@code refused}) counts the tokens smallrye-jwt verified; Caffeine's {@code cache.*} meters with tag
 * {@code cache=verified-tokens} its hits, misses, size and evictions.
 */
@ApplicationScoped
public class CachedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    static final String CACHE_NAME = "verified-tokens";
    static final String VERIFICATIONS = "integrations.identity.token.verifications";
    /** Providers are asked in descending priority; the default is {@code SYSTEM_FIRST + 1} (1001). */
    static final int PRIORITY = IdentityProvider.SYSTEM_FIRST + 100;

    private final IdentityProvider<TokenAuthenticationRequest> verifier;
    /** Null when {@code max-entries} is 0: every token is verified. */
    private final VerifiedTokens verified;
    private final Counter accepted;
    private final Counter refused;

    @Inject
    public CachedTokenIdentityProvider(MpJwtValidator verifier, VerifiedTokenCacheConfig config, MeterRegistry registry) {
        this(verifier, config.maxEntries() == 0 ? null : new VerifiedTokens(config.maxEntries(), Clock.systemUTC()), registry);
    }

    CachedTokenIdentityProvider(IdentityProvider<TokenAuthenticationRequest> verifier, VerifiedTokens verified,
            MeterRegistry registry) {
        this.verifier = verifier;
        this.verified = verified;
        this.accepted = verifications(registry, "accepted");
        this.refused = verifications(registry, "refused");
        if (verified != null) {
            CaffeineCacheMetrics.monitor(registry, verified.cache(), CACHE_NAME);
        }
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before smallrye-jwt's validator, which keeps {@link IdentityProvider}'s default priority (1001). */
    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof JsonWebTokenCredential)) {
            return Uni.createFrom().nullItem();
        }
        String rawToken = request.getToken().getToken();
        if (verified != null) {
            JsonWebToken token = verified.find(rawToken).orElse(null);
            if (token != null) {
                return Uni.createFrom().item(identity(token, request));
            }
        }
        return verifier.authenticate(request, context).onItemOrFailure().invoke((identity, failure) -> {
            if (failure != null || identity == null) {
                refused.increment();
                return;
            }
            accepted.increment();
            if (verified != null && identity.getPrincipal() instanceof JsonWebToken token) {
                verified.remember(rawToken, token);
            }
        });
    }

    /** The identity smallrye-jwt's validator builds for this token, with this request's credential and context. */
    private static SecurityIdentity identity(JsonWebToken token, TokenAuthenticationRequest request) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(token)
                .addCredential(request.getToken())
                .addRoles(token.getGroups())
                .addAttribute(SecurityIdentity.USER_ATTRIBUTE, token);
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routingContext != null) {
            builder.addAttribute(RoutingContext.class.getName(), routingContext);
        }
        return builder.build();
    }

    private static Counter verifications(MeterRegistry registry, String outcome) {
        return Counter.builder(VERIFICATIONS).description("Bearer tokens verified by smallrye-jwt (not answered from the cache)")
                .tag("outcome", outcome).register(registry);
    }
}
