package com.crm.integrations.sandbox.provider.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.control.SandboxReset;
import com.crm.integrations.sandbox.error.NotFoundException;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.TokenPolicy;

/**
 * The token policy in force per OAuth stand-in: the profile's configured one ({@code sandbox.providers.*.access-token-
 * lifetime}, the provider's rotation rule) until a test sets another through the control API, and again after a
 * reset. The token minter and the refresh grant read it on every request, so a change applies to the next token issued.
 */
@Singleton
public class TokenPolicies {

    private static final Logger LOG = Logger.getLogger(TokenPolicies.class);

    private final Map<Provider, TokenPolicy> overrides = new ConcurrentHashMap<>();

    public TokenPolicy of(ProviderProfile profile) {
        TokenPolicy policy = overrides.get(profile.provider());
        return policy != null ? policy : configured(profile);
    }

    /**
     * Replaces the provider's policy; a {@code null} part takes the configured value.
     *
     * @throws NotFoundException at a stand-in whose tokens have no policy to set (Mailchimp: they never expire and it
     *         issues no refresh tokens)
     */
    public TokenPolicy set(ProviderProfile profile, Duration accessTokenLifetime, Boolean rotateRefreshTokens) {
        requirePolicy(profile);
        TokenPolicy configured = configured(profile);
        TokenPolicy policy = new TokenPolicy(accessTokenLifetime != null ? accessTokenLifetime : configured.accessTokenLifetime(),
                rotateRefreshTokens != null ? rotateRefreshTokens : configured.rotateRefreshTokens());
        overrides.put(profile.provider(), policy);
        LOG.infof("Token policy set: provider=%s %s", profile.provider().prefix(), policy);
        return policy;
    }

    /** @throws NotFoundException as {@link #set} */
    public TokenPolicy get(ProviderProfile profile) {
        requirePolicy(profile);
        return of(profile);
    }

    private static void requirePolicy(ProviderProfile profile) {
        if (!profile.supportsRefresh()) {
            throw new NotFoundException(profile.provider().prefix() + " has no token policy: its tokens never expire and it issues no refresh tokens");
        }
    }

    private static TokenPolicy configured(ProviderProfile profile) {
        return new TokenPolicy(profile.accessTokenLifetime(), profile.rotatesRefreshTokens());
    }

    void reset(@Observes SandboxReset reset) {
        overrides.clear();
    }
}
