package com.crm.integrations.sandbox.provider.service;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.provider.AuthorizationRequest;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.GrantSeed;
import com.crm.integrations.sandbox.provider.IssuedTokens;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.Scopes;
import com.crm.integrations.sandbox.provider.config.ProvidersConfig;

/**
 * Grants made without the consent page, many at once, for tests and benchmarks that need thousands of connected
 * accounts: each is recorded as an approved consent ({@link GrantRecorder}: offline access, consent shown) and gets
 * its first tokens from the {@link TokenMinter}, so its refresh token refreshes, is counted, rotates and dies with its
 * account exactly as one from the code flow. No id_token: the caller learns the account from the answer. Microsoft's
 * access tokens are signed JWTs, so the grants are minted on every core; their refresh tokens still list in account
 * order.
 */
@Singleton
public class GrantSeeder {

    private static final Logger LOG = Logger.getLogger(GrantSeeder.class);

    /** A seeded grant, the account's id as the provider reports it, and its first tokens. */
    public record Seeded(Grant grant, String accountId, IssuedTokens tokens) {
    }

    private final GrantRecorder grants;
    private final TokenMinter minter;
    private final ProviderState state;
    private final List<String> redirectUris;

    GrantSeeder(GrantRecorder grants, TokenMinter minter, ProviderState state, ProvidersConfig config) {
        this.grants = grants;
        this.minter = minter;
        this.state = state;
        this.redirectUris = config.redirectUris();
    }

    /**
     * @return the grants in account order ({@code <prefix>-1} first)
     * @throws InvalidRequestException when the scopes or data centre do not suit the provider
     */
    public List<Seeded> seed(ProviderProfile profile, GrantSeed seed) {
        Set<String> scopes = scopes(profile, seed.scopes());
        String dc = dataCentre(profile, seed.dc());
        String redirectUri = redirectUri(profile.provider());
        long start = System.nanoTime();
        long firstSequence = state.reserveSequence(seed.count());
        List<Seeded> seeded = IntStream.rangeClosed(1, seed.count()).parallel()
                .mapToObj(n -> seedOne(profile, seed.account(n), scopes, dc, redirectUri, firstSequence + n - 1))
                .toList();
        LOG.infof("Seeded grants: provider=%s count=%d accounts=%s-1..%d@%s scopes=%s in %d ms", profile.provider().prefix(), seed.count(),
                seed.accountPrefix(), seed.count(), GrantSeed.DOMAIN, scopes, (System.nanoTime() - start) / 1_000_000);
        return seeded;
    }

    private Seeded seedOne(ProviderProfile profile, String account, Set<String> scopes, String dc, String redirectUri, long sequence) {
        // Microsoft's multi-tenant apps connect on /common: the tenant then follows from the account's domain.
        String tenant = profile.provider() == Provider.MICROSOFT ? "common" : null;
        AuthorizationRequest request = new AuthorizationRequest(profile.provider(), tenant, profile.clientId(), redirectUri, null, scopes,
                null, true, Set.of("consent"), false, account, null);
        GrantRecorder.Recorded recorded = grants.record(profile, request, account, scopes, dc);
        Grant grant = recorded.grant();
        IssuedTokens tokens = minter.mintQuietly(profile, grant, grant.scopes(), recorded.issuesRefreshToken(), sequence);
        return new Seeded(grant, profile.accountId(grant), tokens);
    }

    private static Set<String> scopes(ProviderProfile profile, List<String> requested) {
        if (!profile.hasScopes()) {
            if (requested != null && !requested.isEmpty()) {
                throw new InvalidRequestException(profile.provider().prefix() + " has no scopes: leave scopes out");
            }
            return Set.of();
        }
        if (requested == null) {
            return profile.seededScopes();
        }
        if (requested.isEmpty() && profile.scopeRequired()) {
            throw new InvalidRequestException(profile.provider().prefix() + " requires a scope: name one, or leave scopes out for the usual ones");
        }
        return Scopes.copy(profile.normalize(Scopes.copy(requested)));
    }

    private static String dataCentre(ProviderProfile profile, String dc) {
        if (profile.defaultDataCentre() == null) {
            if (dc != null) {
                throw new InvalidRequestException("dc is for mailchimp only");
            }
            return null;
        }
        if (dc == null) {
            return profile.defaultDataCentre();
        }
        if (!MailchimpApi.DATA_CENTRE.matcher(dc).matches()) {
            throw new InvalidRequestException("dc must be a data centre such as us21");
        }
        return dc;
    }

    /** The app's registered callback for this provider: the one its code flow would use. */
    private String redirectUri(Provider provider) {
        return redirectUris.stream().filter(uri -> uri.contains("/" + provider.prefix() + "/")).findFirst().orElse(redirectUris.get(0));
    }
}
