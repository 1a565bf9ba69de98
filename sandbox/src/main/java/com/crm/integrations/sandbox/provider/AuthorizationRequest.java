package com.crm.integrations.sandbox.provider;

import java.util.Objects;
import java.util.Set;

/**
 * A valid authorization request, waiting for the user's consent.
 *
 * @param tenant Microsoft's {@code {tenant}} path segment; {@code null} elsewhere
 * @param state returned unchanged; may be {@code null}
 * @param scopes asked for, normalised by the provider (Microsoft expands Graph short forms); empty at Mailchimp
 * @param pkce {@code null} when no challenge was sent, or at Mailchimp, which ignores PKCE
 * @param offline Google's {@code access_type=offline}
 * @param prompt Google's and Microsoft's {@code prompt} values
 * @param includeGrantedScopes Google's incremental authorization
 * @param loginHint proposed as the consenting account; may be {@code null}
 * @param nonce copied into the id_token; may be {@code null}
 */
public record AuthorizationRequest(Provider provider, String tenant, String clientId, String redirectUri, String state,
        Set<String> scopes, Pkce pkce, boolean offline, Set<String> prompt, boolean includeGrantedScopes, String loginHint,
        String nonce) {

    public AuthorizationRequest {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        scopes = Scopes.copy(scopes);
        prompt = Set.copyOf(prompt);
    }
}
