package com.crm.integrations.sandbox.provider.service;

import java.time.Duration;
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

    private final GrantRecorder grants;
    private final ProviderState state;
    private final SandboxClock clock;
    private final IssuedSecrets secrets;
    private final Duration lifetime;

    CodeIssuer(GrantRecorder grants, ProviderState state, SandboxClock clock, IssuedSecrets secrets, ProvidersConfig config) {
        this.grants = grants;
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
        GrantRecorder.Recorded recorded = grants.record(profile, request, account, granted, dc);
        Grant grant = recorded.grant();
        AuthorizationCode code = new AuthorizationCode(secrets.record(profile.newCode()), grant, recorded.issuesRefreshToken(),
                clock.now().plus(lifetime));
        state.addCode(code);
        LOG.infof("Consent given: provider=%s client_id=%s account=%s scopes=%s refresh_token=%s", profile.provider().prefix(),
                request.clientId(), account, grant.scopes(), code.issuesRefreshToken());
        return Redirect.to(request.redirectUri(), "code", code.value(), "state", request.state()).with(profile.approvalParameters(grant));
    }
}
