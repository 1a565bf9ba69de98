package com.crm.integrations.sandbox.provider.service;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.provider.AuthorizationRequest;
import com.crm.integrations.sandbox.provider.Pkce;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.crm.integrations.sandbox.provider.Scopes;
import com.crm.integrations.sandbox.provider.config.ProvidersConfig;

/**
 * Checks an authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3) as the provider does. Client and redirect URI come
 * first: until both are known good, an error is shown on a page, never redirected (§4.1.2.1).
 */
@Singleton
public class AuthorizationRequestValidator {

    private static final Set<String> PROMPTS = Set.of("none", "consent", "select_account", "login");

    private final Set<String> redirectUris;

    AuthorizationRequestValidator(ProvidersConfig config) {
        this.redirectUris = Set.copyOf(config.redirectUris());
    }

    /**
     * @param tenant Microsoft's {@code {tenant}} path segment; {@code null} elsewhere
     * @throws ProviderRefusal an error page (unknown client, unregistered redirect URI) or the provider's error redirect
     */
    public AuthorizationRequest validate(ProviderProfile profile, String tenant, Map<String, List<String>> query) {
        String clientId = Parameters.first(query, "client_id");
        String redirectUri = Parameters.first(query, "redirect_uri");
        String state = Parameters.first(query, "state");
        if (clientId == null || !clientId.equals(profile.clientId()) || Parameters.repeated(query, "client_id")) {
            throw Refusals.authorize(profile, null, state, "invalid_client",
                    clientId == null ? "Missing required parameter: client_id" : "The OAuth client was not found.", 700016);
        }
        if (redirectUri == null || !redirectUris.contains(redirectUri) || Parameters.repeated(query, "redirect_uri")) {
            throw Refusals.authorize(profile, null, state, "redirect_uri_mismatch",
                    "The redirect URI '" + redirectUri + "' specified in the request does not match the redirect URIs configured for the application '"
                            + clientId + "'.",
                    50011);
        }
        Refuser refuse = (error, description, aadsts) -> Refusals.authorize(profile, redirectUri, state, error, description, aadsts);
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (parameter.getValue().size() > 1) {
                throw refuse.with("invalid_request", "Parameter " + parameter.getKey() + " is repeated", 90015);
            }
        }
        String responseType = Parameters.first(query, "response_type");
        if (responseType == null) {
            throw refuse.with("invalid_request", "Missing required parameter: response_type", 900144);
        }
        if (!"code".equals(responseType)) {
            throw refuse.with("unsupported_response_type", "The sandbox supports response_type=code only", 700054);
        }
        Set<String> scopes = scopes(profile, query, refuse);
        Pkce pkce = pkce(profile, query, refuse);
        boolean offline = false;
        boolean includeGrantedScopes = false;
        if (profile.googleStyleConsent()) {
            String accessType = Parameters.first(query, "access_type");
            if (accessType != null && !accessType.equals("online") && !accessType.equals("offline")) {
                throw refuse.with("invalid_request", "Invalid access_type: " + accessType, 0);
            }
            offline = "offline".equals(accessType);
            includeGrantedScopes = "true".equals(Parameters.first(query, "include_granted_scopes"));
        }
        Set<String> prompt = new LinkedHashSet<>(Scopes.parse(Parameters.first(query, "prompt")));
        if (!PROMPTS.containsAll(prompt)) {
            throw refuse.with("invalid_request", "Invalid prompt: " + Parameters.first(query, "prompt"), 90023);
        }
        String responseMode = Parameters.first(query, "response_mode");
        if (responseMode != null && !responseMode.equals("query")) {
            throw refuse.with("invalid_request", "The sandbox supports response_mode=query only", 900144);
        }
        return new AuthorizationRequest(profile.provider(), tenant, clientId, redirectUri, state, scopes, pkce, offline, prompt,
                includeGrantedScopes, Parameters.first(query, "login_hint"), Parameters.first(query, "nonce"));
    }

    /** The requested scopes as the provider understands them; none at a provider without scopes. */
    private static Set<String> scopes(ProviderProfile profile, Map<String, List<String>> query, Refuser refuse) {
        Set<String> scopes;
        try {
            scopes = profile.normalize(Scopes.parse(Parameters.first(query, "scope")));
        } catch (IllegalArgumentException malformed) {
            throw refuse.with("invalid_scope", "Some requested scopes were invalid.", 70011);
        }
        if (profile.scopeRequired() && scopes.isEmpty()) {
            throw refuse.with("invalid_request", "Missing required parameter: scope", 900144);
        }
        return profile.hasScopes() ? scopes : Set.of();
    }

    /** The PKCE challenge ({@code plain} unless a method is named), or {@code null} when none was sent or PKCE is ignored. */
    private static Pkce pkce(ProviderProfile profile, Map<String, List<String>> query, Refuser refuse) {
        String challenge = Parameters.first(query, "code_challenge");
        String method = Parameters.first(query, "code_challenge_method");
        if (!profile.pkceSupported() || (challenge == null && method == null)) {
            return null;
        }
        if (challenge == null) {
            throw refuse.with("invalid_request", "Missing required parameter: code_challenge", 900144);
        }
        try {
            return new Pkce(challenge, method == null ? Pkce.PLAIN : method);
        } catch (IllegalArgumentException invalid) {
            throw refuse.with("invalid_request", invalid.getMessage(), 501491);
        }
    }

    /** A refusal sent back to the request's registered redirect URI (or its page, for providers that show pages). */
    @FunctionalInterface
    private interface Refuser {
        ProviderRefusal with(String error, String description, int aadsts);
    }
}
