package com.crm.integrations.sandbox.provider.service;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.provider.AuthorizationRequest;
import com.crm.integrations.sandbox.provider.Grant;

/**
 * Records an approved consent as the provider would: the scopes granted so far (Google's incremental authorization),
 * that the client now holds the account's consent (Google shows its screen once), and the grant. The consent page
 * ({@link CodeIssuer}) and seeded grants ({@link GrantSeeder}) both come through here, so that a seeded grant is one the
 * code flow could have made.
 */
@Singleton
public class GrantRecorder {

    /** A recorded grant, and whether its first tokens include a refresh token. */
    public record Recorded(Grant grant, boolean issuesRefreshToken) {
    }

    private final ProviderState state;

    GrantRecorder(ProviderState state) {
        this.state = state;
    }

    /**
     * @param granted the scopes the user left ticked
     * @param dc the account's data centre, or {@code null} at providers without one
     */
    public Recorded record(ProviderProfile profile, AuthorizationRequest request, String account, Set<String> granted, String dc) {
        if (profile.googleStyleConsent()) {
            Set<String> earlier = state.accumulateScopes(profile.provider(), request.clientId(), account, granted);
            if (request.includeGrantedScopes()) {
                Set<String> all = new LinkedHashSet<>(granted);
                all.addAll(earlier);
                granted = all;
            }
        }
        boolean consentedBefore = state.recordConsent(profile.provider(), request.clientId(), account);
        Grant grant = new Grant(RandomTokens.base64Url(12), request, account, granted, dc);
        state.addGrant(grant);
        return new Recorded(grant, profile.issuesRefreshToken(request, grant.scopes(), consentedBefore));
    }
}
