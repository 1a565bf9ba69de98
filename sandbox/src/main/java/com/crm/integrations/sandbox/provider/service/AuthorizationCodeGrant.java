package com.crm.integrations.sandbox.provider.service;

import java.util.Map;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.provider.AuthorizationCode;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.IssuedTokens;
import com.crm.integrations.sandbox.provider.Pkce;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.crm.integrations.sandbox.provider.Refusal;

/**
 * The authorization_code grant (RFC 6749 §4.1.3, RFC 7636 §4.5): a code redeems once, before it expires, by the client
 * it was issued to, with the redirect URI and PKCE verifier of its authorization request.
 */
@Singleton
public class AuthorizationCodeGrant {

    static final String GRANT_TYPE = "authorization_code";

    private static final Logger LOG = Logger.getLogger(AuthorizationCodeGrant.class);

    private final ProviderState state;
    private final SandboxClock clock;
    private final TokenMinter minter;

    AuthorizationCodeGrant(ProviderState state, SandboxClock clock, TokenMinter minter) {
        this.state = state;
        this.clock = clock;
        this.minter = minter;
    }

    /**
     * @param parameters the token request's form, the client already authenticated
     * @throws ProviderRefusal the provider's error response
     */
    public IssuedTokens redeem(ProviderProfile profile, Map<String, String> parameters) {
        String value = parameters.get("code");
        if (value == null) {
            throw Refusals.token(profile, Refusal.MISSING_PARAMETER, "code");
        }
        AuthorizationCode code = state.code(profile.provider(), value)
                .filter(issued -> issued.grant().clientId().equals(profile.clientId()))
                .orElseThrow(() -> Refusals.token(profile, Refusal.CODE_INVALID, null));
        Grant grant = code.grant();
        if (!code.redeem()) {
            LOG.infof("Refused a code redeemed before: provider=%s account=%s", profile.provider().prefix(), grant.account());
            throw Refusals.token(profile, Refusal.CODE_REUSED, null);
        }
        if (!clock.now().isBefore(code.expiresAt())) {
            throw Refusals.token(profile, Refusal.CODE_EXPIRED, null);
        }
        if (grant.revoked()) {
            throw Refusals.token(profile, Refusal.CODE_REVOKED, null);
        }
        String redirectUri = parameters.get("redirect_uri");
        if (redirectUri == null) {
            throw Refusals.token(profile, Refusal.MISSING_PARAMETER, "redirect_uri");
        }
        if (!redirectUri.equals(grant.request().redirectUri())) {
            throw Refusals.token(profile, Refusal.REDIRECT_URI_MISMATCH, redirectUri);
        }
        verifyPkce(profile, grant.request().pkce(), parameters.get("code_verifier"));
        return minter.mint(profile, grant, grant.scopes(), code.issuesRefreshToken());
    }

    private static void verifyPkce(ProviderProfile profile, Pkce pkce, String verifier) {
        if (pkce == null) {
            return;
        }
        if (verifier == null) {
            throw Refusals.token(profile, Refusal.PKCE_VERIFIER_MISSING, null);
        }
        if (!pkce.verifies(verifier)) {
            throw Refusals.token(profile, Refusal.PKCE_MISMATCH, null);
        }
    }
}
