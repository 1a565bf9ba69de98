package com.crm.integrations.token.service;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.token.AuthorizationOutcome;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.config.ProviderRegistry;
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.repository.OAuthSessionRepository;
import com.crm.integrations.token.repository.OAuthSessionRepository.Session;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The first two steps of the OAuth authorization-code flow ({@link AuthorizationCallbackService} is the
 * third): the CRM asks for a one-time start URL for its user; the user's browser opens it, gets a
 * cookie bound to a fresh state and goes on to the provider (PKCE S256 where the definition uses it:
 * the cookie's value is the verifier, so neither it nor the state is stored, only their hashes).
 */
@Singleton
public class AuthorizationService {

    private static final Logger LOG = Logger.getLogger(AuthorizationService.class);

    /** A start URL for the CRM to hand to its user's browser. */
    public record Started(UUID id, URI startUrl, Instant expiresAt) {
    }

    private final Pool pool;
    private final OAuthSessionRepository sessions;
    private final ProviderRegistry providers;
    private final TenantPolicies policies;
    private final OAuthRedirects redirects;
    private final Duration lifetime;
    private final Clock clock = Clock.systemUTC();

    public AuthorizationService(Pool pool, OAuthSessionRepository sessions, ProviderRegistry providers, TenantPolicies policies,
            OAuthRedirects redirects, TokenServiceConfig config) {
        this.pool = pool;
        this.sessions = sessions;
        this.providers = providers;
        this.policies = policies;
        this.redirects = redirects;
        this.lifetime = config.authorizationLifetime();
    }

    /** A one-time start URL for the caller, if the tenant's policy allows the provider. */
    public Uni<Started> start(Caller caller, String providerName) {
        ProviderDefinition provider = providers.requireOAuth(providerName);
        String tenant = caller.requireTenant().value();
        return policies.requireAllowed(caller, provider, ConnectionKind.OAUTH).chain(() -> {
            UUID id = UUID.randomUUID();
            String startToken = Randoms.token();
            Instant now = clock.instant();
            Instant expiresAt = now.plus(lifetime);
            return sessions.insert(pool, id, tenant, caller.subject(), provider.name(), redirects.redirectUri(provider.name()).toString(),
                            Randoms.sha256(startToken), now, expiresAt)
                    .map(done -> new Started(id, redirects.startUrl(provider.name(), startToken), expiresAt));
        });
    }

    /** Opens a start URL once: a cookie bound to a new state, and the provider's authorization URL. */
    public Uni<Redirect> open(String providerName, String startToken) {
        ProviderDefinition.OAuth oauth = providers.requireOAuth(providerName).oauth().orElseThrow();
        if (startToken == null || startToken.isBlank()) {
            return Uni.createFrom().item(invalidStart(providerName));
        }
        String state = Randoms.token();
        String cookie = Randoms.token();
        Instant now = clock.instant();
        return sessions.open(pool, providerName, Randoms.sha256(startToken), Randoms.sha256(state), Randoms.sha256(cookie), now)
                .map(opened -> {
                    if (opened.isEmpty()) {
                        LOG.infof("Start URL refused (unknown, used or expired): provider=%s", providerName);
                        return invalidStart(providerName);
                    }
                    Session session = opened.get();
                    LOG.infof("Authorization opened: tenant=%s user=%s provider=%s session=%s", session.tenantId(), session.userId(),
                            providerName, session.id());
                    return new Redirect(redirects.authorizationUrl(oauth, session.redirectUri(), state, cookie),
                            Optional.of(redirects.flowCookie(session.id(), providerName, cookie, Duration.between(now, session.expiresAt()))));
                });
    }

    private Redirect invalidStart(String provider) {
        return new Redirect(redirects.returnUri(provider, AuthorizationOutcome.INVALID_START, Optional.empty(), Optional.empty()),
                Optional.empty());
    }
}
