package com.crm.integrations.sandbox.provider.service;

import java.time.Duration;
import java.util.Map;
import java.util.Set;


import com.crm.integrations.sandbox.provider.AuthorizationRequest;
import com.crm.integrations.sandbox.provider.ErrorPage;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.IssuedTokens;
import com.crm.integrations.sandbox.provider.JsonAnswer;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.ProviderAnswer;
import com.crm.integrations.sandbox.provider.Redirect;
import com.crm.integrations.sandbox.provider.TokenError;

/**
 * What makes one OAuth stand-in differ from the others. The engine does the rest the same way for all: consent
 * ({@link ConsentService}, {@link CodeIssuer}), the grants ({@link TokenEndpoint}, {@link AuthorizationCodeGrant},
 * {@link RefreshTokenGrant}) and revocation ({@link Revocation}). A new OAuth stand-in implements this, and nothing
 * else of the engine.
 */
public interface ProviderProfile {

    Provider provider();

    /** Shown on its pages. */
    String displayName();

    /** The one registered client id. */
    String clientId();

    // --- authorize

    /** Whether an authorization request without {@code scope} is refused. */
    boolean scopeRequired();

    /** False: the provider has no scopes and ignores {@code scope} (Mailchimp). */
    default boolean hasScopes() {
        return true;
    }

    /** Whether {@code code_challenge} is verified; false: accepted and ignored (Mailchimp). */
    default boolean pkceSupported() {
        return true;
    }

    /** Whether {@code access_type} and {@code include_granted_scopes} mean something (Google). */
    default boolean googleStyleConsent() {
        return false;
    }

    /** The scopes as the provider understands them (Microsoft expands Graph short forms). */
    default Set<String> normalize(Set<String> scopes) {
        return scopes;
    }

    /**
     * How a refused authorization request reaches the user: with a redirect back to a registered
     * {@code error.redirectUri()} (RFC 6749 §4.1.2.1), or an error page when there is none or the provider shows
     * pages (Google, Mailchimp).
     */
    default ProviderAnswer authorizeError(AuthorizeError error) {
        if (error.redirectUri() == null) {
            return new ErrorPage(displayName(), error.error(), error.description());
        }
        return Redirect.to(error.redirectUri(), "error", error.error(), "error_description", error.description(), "state", error.state());
    }

    /**
     * @param redirectUri the registered URI to send the error to; {@code null} when the error must not redirect
     * @param aadsts Microsoft's number for it (others ignore it)
     */
    record AuthorizeError(String redirectUri, String state, String error, String description, int aadsts) {
    }

    // --- consent

    /** The data centre the consent page proposes, or {@code null} when the provider has none (all but Mailchimp). */
    default String defaultDataCentre() {
        return null;
    }

    /**
     * Whether redeeming the code yields a refresh token.
     *
     * @param consentedBefore whether the client already held the account's consent, so that Google would not show its
     *        screen
     */
    boolean issuesRefreshToken(AuthorizationRequest request, Set<String> granted, boolean consentedBefore);

    /** Parameters besides {@code code} and {@code state} of the redirect after approval (Google: {@code scope}). */
    default Map<String, String> approvalParameters(Grant grant) {
        return Map.of();
    }

    /** The {@code error_description} of the redirect after a denial, or {@code null} for none. */
    default String denialDescription() {
        return null;
    }

    // --- tokens

    String newCode();

    String newRefreshToken();

    String newAccessToken(Grant grant, Set<String> scopes, Duration lifetime);

    /**
     * The access token of a seeded grant: as {@link #newAccessToken} unless that is too slow to mint ten thousand at
     * once (Microsoft's RS256 JWTs).
     */
    default String newSeededAccessToken(Grant grant, Set<String> scopes, Duration lifetime) {
        return newAccessToken(grant, scopes, lifetime);
    }

    /**
     * The configured lifetime; zero for tokens that never expire ({@code expires_in: 0}). {@link TokenPolicies} says
     * which lifetime is in force.
     */
    Duration accessTokenLifetime();

    /**
     * Microsoft: each refresh returns a new refresh token and retires the old one. The provider's own rule;
     * {@link TokenPolicies} says which is in force.
     */
    default boolean rotatesRefreshTokens() {
        return false;
    }

    /**
     * Scopes a refresh may name although the grant lacks them; they never make it ask for more than was granted
     * (Microsoft: the OIDC scopes MSAL adds to every request).
     */
    default Set<String> scopesAlwaysRefreshable() {
        return Set.of();
    }

    /** False: the refresh_token grant is {@code unsupported_grant_type} (Mailchimp). */
    default boolean supportsRefresh() {
        return true;
    }

    /**
     * The account's id as the provider reports it: the id_token's and userinfo's {@code sub} (Google, generic),
     * {@code oid} (Microsoft: the same for every app, unlike its pairwise {@code sub}), the metadata's {@code user_id}
     * (Mailchimp).
     */
    String accountId(Grant grant);

    /** The scopes of a seeded grant whose control request names none: what a connection to the provider asks for. */
    Set<String> seededScopes();

    /** The signed id_token for these scopes, or {@code null} when they ask for none. */
    String idToken(Grant grant, Set<String> scopes);

    /** The successful token response, field for field as the provider sends it. */
    Map<String, Object> tokenResponse(IssuedTokens tokens);

    /** The refusal in the provider's words, status, headers and body. */
    JsonAnswer refuse(TokenError error);
}
