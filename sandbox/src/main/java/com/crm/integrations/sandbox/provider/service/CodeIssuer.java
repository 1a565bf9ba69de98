package com.crm.integrations.sandbox.provider.service;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.provider.AuthorizationCode;
import com.crm.integrations.sandbox.provider.AuthorizationRequest;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.Redirect;
import com.crm.integrations.sandbox.provider.config.ProvidersConfig;

/**
 * An approved consent (RFC 6749 §4.1.2): records the grant and answers with a single-use code bound to client,
 * redirect URI and PKCE challenge, and whether redeeming it yields a refresh token.
 */
@Singleton
public class CodeIssuer {

    private static final Logger LOG = Logger.getLogger(CodeIssuer.class);

    private final ProviderState state;
    private final SandboxClock clock;
    private final IssuedSecrets secrets;
    private final Duration lifetime;

    CodeIssuer(ProviderState state, SandboxClock clock, IssuedSecrets secrets, ProvidersConfig config) {
        this.state = state;
        this.clock = clock;
        this.secrets = secrets;
        this.lifetime = config.codeLifetime();
    }

    /**
     * @param granted the scopes the user left ticked
     * @param dc the account's data centre, or {@code null} at providers without one
     * @return the redirect back to the client with {@code code}, {@code state} and the provider's extra parameters
     */
    public Redirect approve(ProviderProfile profile, AuthorizationRequest request, String account, Set<String> granted, String dc) {
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
        AuthorizationCode code = new AuthorizationCode(secrets.record(profile.newCode()), grant,
                profile.issuesRefreshToken(request, granted, consentedBefore), clock.now().plus(lifetime));
        state.addCode(code);
        LOG.infof("Consent given: provider=%s client_id=%s account=%s scopes=%s refresh_token=%s", profile.provider().prefix(),
                request.clientId(), account, granted, code.issuesRefreshToken());
        return Redirect.to(request.redirectUri(), "code", code.value(), "state", request.state()).with(profile.approvalParameters(grant));
    }
}
