package com.crm.integrations.sandbox.provider.service;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.oauth.ClientCredentials;
import com.crm.integrations.sandbox.oauth.ClientCredentialsException;
import com.crm.integrations.sandbox.oauth.ClientCredentialsParser;
import com.crm.integrations.sandbox.provider.AccessToken;
import com.crm.integrations.sandbox.provider.AuthorizationCode;
import com.crm.integrations.sandbox.provider.AuthorizationRequest;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.IssuedTokens;
import com.crm.integrations.sandbox.provider.PendingConsent;
import com.crm.integrations.sandbox.provider.Pkce;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.crm.integrations.sandbox.provider.RefreshToken;
import com.crm.integrations.sandbox.provider.Refusal;
import com.crm.integrations.sandbox.provider.Scopes;
import com.crm.integrations.sandbox.provider.TokenError;
import com.crm.integrations.sandbox.provider.TokenFault;
import com.crm.integrations.sandbox.provider.config.ProvidersConfig;
import com.crm.integrations.sandbox.provider.service.ProviderProfile.AuthorizeError;

/**
 * The OAuth 2.0 authorization server every stand-in shares: authorization requests and consent (RFC 6749 §4.1),
 * single-use codes bound to client, redirect URI and PKCE challenge (RFC 7636), the authorization_code and
 * refresh_token grants, and revocation. What differs per provider comes from its {@link ProviderProfile}. All state is
 * in {@link ProviderState}: nothing here blocks.
 */
@Singleton
public class AuthorizationServer {

    private static final Logger LOG = Logger.getLogger(AuthorizationServer.class);

    /** An e-mail address or login: printable, no spaces, quotes or angle brackets. */
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._%+@-]{1,254}");
    private static final Pattern DATA_CENTRE = Pattern.compile("[a-z]{2,5}[0-9]{1,3}");
    private static final Set<String> PROMPTS = Set.of("none", "consent", "select_account", "login");
    /** Microsoft adds these to every request (MSAL always does); they never make a refresh ask for more than was granted. */
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "email", "offline_access");

    private final ProviderState state;
    private final ClientVerifier clients;
    private final SandboxClock clock;
    private final IssuedSecrets secrets;
    private final Set<String> redirectUris;
    private final Duration codeLifetime;
    private final String defaultAccount;

    AuthorizationServer(ProviderState state, ClientVerifier clients, SandboxClock clock, IssuedSecrets secrets,
            ProvidersConfig config) {
        this.state = state;
        this.clients = clients;
        this.clock = clock;
        this.secrets = secrets;
        this.redirectUris = Set.copyOf(config.redirectUris());
        this.codeLifetime = config.codeLifetime();
        this.defaultAccount = config.defaultAccount();
    }

    // ---------------------------------------------------------------- authorize and consent

    /**
     * Validates an authorization request as the provider does and answers the consent page.
     *
     * @throws ProviderRefusal an error page (unknown client, unregistered redirect URI) or the provider's error redirect
     */
    public Response authorize(ProviderProfile profile, String tenant, MultivaluedMap<String, String> query) {
        String clientId = query.getFirst("client_id");
        String redirectUri = query.getFirst("redirect_uri");
        String state = query.getFirst("state");
        if (clientId == null || !clientId.equals(profile.clientId()) || repeated(query, "client_id")) {
            throw authorizeError(profile, null, state, "invalid_client",
                    clientId == null ? "Missing required parameter: client_id" : "The OAuth client was not found.", 700016);
        }
        if (redirectUri == null || !redirectUris.contains(redirectUri) || repeated(query, "redirect_uri")) {
            throw authorizeError(profile, null, state, "redirect_uri_mismatch",
                    "The redirect URI '" + redirectUri + "' specified in the request does not match the redirect URIs configured for the application '"
                            + clientId + "'.",
                    50011);
        }
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (parameter.getValue().size() > 1) {
                throw authorizeError(profile, redirectUri, state, "invalid_request", "Parameter " + parameter.getKey() + " is repeated", 90015);
            }
        }
        String responseType = query.getFirst("response_type");
        if (responseType == null) {
            throw authorizeError(profile, redirectUri, state, "invalid_request", "Missing required parameter: response_type", 900144);
        }
        if (!"code".equals(responseType)) {
            throw authorizeError(profile, redirectUri, state, "unsupported_response_type",
                    "The sandbox supports response_type=code only", 700054);
        }
        Set<String> scopes;
        try {
            scopes = profile.normalize(Scopes.parse(query.getFirst("scope")));
        } catch (IllegalArgumentException malformed) {
            throw authorizeError(profile, redirectUri, state, "invalid_scope", "Some requested scopes were invalid.", 70011);
        }
        if (profile.scopeRequired() && scopes.isEmpty()) {
            throw authorizeError(profile, redirectUri, state, "invalid_request", "Missing required parameter: scope", 900144);
        }
        if (!profile.hasScopes()) {
            scopes = Set.of();
        }
        Pkce pkce = null;
        String challenge = query.getFirst("code_challenge");
        String method = query.getFirst("code_challenge_method");
        if (profile.pkceSupported() && (challenge != null || method != null)) {
            if (challenge == null) {
                throw authorizeError(profile, redirectUri, state, "invalid_request", "Missing required parameter: code_challenge", 900144);
            }
            try {
                pkce = new Pkce(challenge, method == null ? Pkce.PLAIN : method);
            } catch (IllegalArgumentException invalid) {
                throw authorizeError(profile, redirectUri, state, "invalid_request", invalid.getMessage(), 501491);
            }
        }
        boolean offline = false;
        boolean includeGrantedScopes = false;
        if (profile.googleStyleConsent()) {
            String accessType = query.getFirst("access_type");
            if (accessType != null && !accessType.equals("online") && !accessType.equals("offline")) {
                throw authorizeError(profile, redirectUri, state, "invalid_request", "Invalid access_type: " + accessType, 0);
            }
            offline = "offline".equals(accessType);
            includeGrantedScopes = "true".equals(query.getFirst("include_granted_scopes"));
        }
        Set<String> prompt = new LinkedHashSet<>(Scopes.parse(query.getFirst("prompt")));
        if (!PROMPTS.containsAll(prompt)) {
            throw authorizeError(profile, redirectUri, state, "invalid_request", "Invalid prompt: " + query.getFirst("prompt"), 90023);
        }
        String responseMode = query.getFirst("response_mode");
        if (responseMode != null && !responseMode.equals("query")) {
            throw authorizeError(profile, redirectUri, state, "invalid_request",
                    "The sandbox supports response_mode=query only", 900144);
        }
        AuthorizationRequest request = new AuthorizationRequest(profile.provider(), tenant, clientId, redirectUri, state, scopes, pkce,
                offline, prompt, includeGrantedScopes, query.getFirst("login_hint"), query.getFirst("nonce"));
        PendingConsent consent = new PendingConsent(RandomTokens.base64Url(24), request, clock.now().plus(codeLifetime));
        this.state.addConsent(consent);
        String account = request.loginHint() != null && ACCOUNT.matcher(request.loginHint()).matches() ? request.loginHint() : defaultAccount;
        return Pages.consent(profile.displayName(), "/" + profile.provider().prefix() + "/consent", consent, account,
                profile.defaultDataCentre());
    }

    /**
     * The user's answer on the consent page: a redirect with a code, or with {@code error=access_denied}.
     *
     * @throws ProviderRefusal a 400 page for an unknown, used or expired consent id or a bad field
     */
    public Response decide(ProviderProfile profile, MultivaluedMap<String, String> form) {
        String id = form.getFirst("consent");
        PendingConsent consent = id == null ? null : state.consent(id).orElse(null);
        if (consent == null || consent.request().provider() != profile.provider() || !clock.now().isBefore(consent.expiresAt())) {
            throw page(profile, "invalid_request", "This consent page is unknown, expired or was already answered.");
        }
        AuthorizationRequest request = consent.request();
        String decision = form.getFirst("decision");
        if (!"approve".equals(decision) && !"deny".equals(decision)) {
            throw page(profile, "invalid_request", "decision must be approve or deny");
        }
        String account = Optional.ofNullable(form.getFirst("account")).map(String::trim).orElse(defaultAccount);
        if (!ACCOUNT.matcher(account).matches()) {
            throw page(profile, "invalid_request", "account must be an e-mail address or login of 1-254 of [A-Za-z0-9._%+@-]");
        }
        Set<String> granted = granted(profile, request, form.get("scope"));
        String dc = null;
        if (profile.defaultDataCentre() != null) {
            dc = Optional.ofNullable(form.getFirst("dc")).map(String::trim).filter(value -> !value.isEmpty())
                    .orElse(profile.defaultDataCentre());
            if (!DATA_CENTRE.matcher(dc).matches()) {
                throw page(profile, "invalid_request", "dc must be a data centre such as us21");
            }
        }
        if (!consent.answer()) {
            throw page(profile, "invalid_request", "This consent page is unknown, expired or was already answered.");
        }
        state.removeConsent(consent.id());
        if ("deny".equals(decision)) {
            LOG.infof("Consent denied: provider=%s client_id=%s account=%s", profile.provider().prefix(), request.clientId(), account);
            return Pages.redirect(request.redirectUri(),
                    ordered("error", "access_denied", "error_description", profile.denialDescription(), "state", request.state()));
        }
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
                profile.issuesRefreshToken(request, granted, consentedBefore), clock.now().plus(codeLifetime));
        state.addCode(code);
        LOG.infof("Consent given: provider=%s client_id=%s account=%s scopes=%s refresh_token=%s", profile.provider().prefix(),
                request.clientId(), account, granted, code.issuesRefreshToken());
        Map<String, String> parameters = ordered("code", code.value(), "state", request.state());
        parameters.putAll(profile.approvalParameters(grant));
        return Pages.redirect(request.redirectUri(), parameters);
    }

    /** The scopes the user left ticked: all requested when the form names none; never one that was not requested. */
    private Set<String> granted(ProviderProfile profile, AuthorizationRequest request, List<String> fields) {
        if (fields == null || request.scopes().isEmpty()) {
            return request.scopes();
        }
        Set<String> granted = new LinkedHashSet<>();
        try {
            for (String field : fields) {
                granted.addAll(profile.normalize(Scopes.parse(field)));
            }
        } catch (IllegalArgumentException malformed) {
            throw page(profile, "invalid_request", "scope is malformed");
        }
        if (!request.scopes().containsAll(granted)) {
            Set<String> extra = new LinkedHashSet<>(granted);
            extra.removeAll(request.scopes());
            throw page(profile, "invalid_request", "scope grants what was not requested: " + Scopes.join(extra));
        }
        return granted;
    }

    // ---------------------------------------------------------------- token endpoint

    /**
     * The token endpoint: authenticates the client, then redeems a code or a refresh token.
     *
     * @throws ProviderRefusal the provider's error response
     */
    public Response token(ProviderProfile profile, String authorization, MultivaluedMap<String, String> form) {
        Map<String, String> parameters = singles(profile, form);
        ClientCredentials credentials = credentials(profile, authorization, parameters);
        Optional<Refusal> refused = clients.verify(profile.clientId(), credentials);
        if (refused.isPresent()) {
            throw refuse(profile, new TokenError(refused.get(), credentials.clientId(), credentials.basic(), null));
        }
        String grantType = parameters.get("grant_type");
        if (grantType == null) {
            throw refuse(profile, TokenError.of(Refusal.MISSING_PARAMETER, "grant_type"));
        }
        IssuedTokens issued = switch (grantType) {
            case "authorization_code" -> redeemCode(profile, parameters);
            case "refresh_token" -> refresh(profile, parameters);
            default -> throw refuse(profile, TokenError.of(Refusal.UNSUPPORTED_GRANT_TYPE, grantType));
        };
        return ProviderResponses.noStore(200, profile.tokenResponse(issued));
    }

    private IssuedTokens redeemCode(ProviderProfile profile, Map<String, String> parameters) {
        String value = parameters.get("code");
        if (value == null) {
            throw refuse(profile, TokenError.of(Refusal.MISSING_PARAMETER, "code"));
        }
        AuthorizationCode code = state.code(profile.provider(), value)
                .filter(issued -> issued.grant().clientId().equals(profile.clientId()))
                .orElseThrow(() -> refuse(profile, TokenError.of(Refusal.CODE_INVALID, null)));
        Grant grant = code.grant();
        if (!code.redeem()) {
            LOG.infof("Refused a code redeemed before: provider=%s account=%s", profile.provider().prefix(), grant.account());
            throw refuse(profile, TokenError.of(Refusal.CODE_REUSED, null));
        }
        if (!clock.now().isBefore(code.expiresAt())) {
            throw refuse(profile, TokenError.of(Refusal.CODE_EXPIRED, null));
        }
        if (grant.revoked()) {
            throw refuse(profile, TokenError.of(Refusal.CODE_REVOKED, null));
        }
        String redirectUri = parameters.get("redirect_uri");
        if (redirectUri == null) {
            throw refuse(profile, TokenError.of(Refusal.MISSING_PARAMETER, "redirect_uri"));
        }
        if (!redirectUri.equals(grant.request().redirectUri())) {
            throw refuse(profile, TokenError.of(Refusal.REDIRECT_URI_MISMATCH, redirectUri));
        }
        Pkce pkce = grant.request().pkce();
        if (pkce != null) {
            String verifier = parameters.get("code_verifier");
            if (verifier == null) {
                throw refuse(profile, TokenError.of(Refusal.PKCE_VERIFIER_MISSING, null));
            }
            if (!pkce.verifies(verifier)) {
                throw refuse(profile, TokenError.of(Refusal.PKCE_MISMATCH, null));
            }
        }
        return issue(profile, grant, grant.scopes(), code.issuesRefreshToken());
    }

    private IssuedTokens refresh(ProviderProfile profile, Map<String, String> parameters) {
        if (!profile.supportsRefresh()) {
            throw refuse(profile, TokenError.of(Refusal.UNSUPPORTED_GRANT_TYPE, "refresh_token"));
        }
        String value = parameters.get("refresh_token");
        if (value == null) {
            throw refuse(profile, TokenError.of(Refusal.MISSING_PARAMETER, "refresh_token"));
        }
        RefreshToken token = state.refreshToken(profile.provider(), value)
                .orElseThrow(() -> refuse(profile, TokenError.of(Refusal.REFRESH_TOKEN_INVALID, null)));
        token.use();
        Grant grant = token.grant();
        if (!grant.clientId().equals(profile.clientId())) {
            throw refuse(profile, TokenError.of(Refusal.REFRESH_TOKEN_OTHER_CLIENT, null));
        }
        Optional<TokenFault> fault = state.takeTokenFault(profile.provider(), grant.account());
        if (fault.isPresent()) {
            LOG.infof("Answered a switched-on token error: provider=%s account=%s error=%s", profile.provider().prefix(), grant.account(),
                    fault.get().error());
            throw refuse(profile, new TokenError(Refusal.SWITCHED, null, false, fault.get()));
        }
        if (grant.revoked()) {
            throw refuse(profile, TokenError.of(Refusal.REFRESH_TOKEN_REVOKED, null));
        }
        if (token.state() == RefreshToken.State.ROTATED) {
            LOG.infof("Refused a rotated refresh token: provider=%s account=%s uses=%d", profile.provider().prefix(), grant.account(),
                    token.uses());
            throw refuse(profile, TokenError.of(Refusal.REFRESH_TOKEN_ROTATED, null));
        }
        Set<String> scopes = refreshScopes(profile, grant, parameters.get("scope"));
        if (profile.rotatesRefreshTokens() && !token.rotate()) {
            throw refuse(profile, TokenError.of(Refusal.REFRESH_TOKEN_ROTATED, null)); // a concurrent refresh rotated it first
        }
        return issue(profile, grant, scopes, profile.rotatesRefreshTokens());
    }

    /** RFC 6749 §6: a refresh may narrow the scopes, never widen them. */
    private Set<String> refreshScopes(ProviderProfile profile, Grant grant, String scope) {
        Set<String> requested;
        try {
            requested = profile.normalize(Scopes.parse(scope));
        } catch (IllegalArgumentException malformed) {
            throw refuse(profile, TokenError.of(Refusal.MALFORMED_REQUEST, "scope is malformed"));
        }
        if (requested.isEmpty()) {
            return grant.scopes();
        }
        Set<String> beyond = new LinkedHashSet<>(requested);
        beyond.removeAll(grant.scopes());
        if (profile.provider() == Provider.MICROSOFT) {
            beyond.removeAll(OIDC_SCOPES);
        }
        if (!beyond.isEmpty()) {
            throw refuse(profile, TokenError.of(Refusal.SCOPE_NOT_GRANTED, Scopes.join(beyond)));
        }
        Set<String> narrowed = new LinkedHashSet<>(requested);
        narrowed.retainAll(grant.scopes());
        return narrowed;
    }

    private IssuedTokens issue(ProviderProfile profile, Grant grant, Set<String> scopes, boolean withRefreshToken) {
        Duration lifetime = profile.accessTokenLifetime();
        String access = secrets.record(profile.newAccessToken(grant, scopes, lifetime));
        Instant expiresAt = lifetime.isZero() ? null : clock.now().plus(lifetime);
        state.addAccessToken(new AccessToken(access, grant, expiresAt));
        String refresh = null;
        if (withRefreshToken) {
            refresh = secrets.record(profile.newRefreshToken());
            state.addRefreshToken(refresh, grant);
        }
        String idToken = profile.idToken(grant, scopes);
        if (idToken != null) {
            secrets.record(idToken);
        }
        LOG.infof("Issued tokens: provider=%s account=%s refresh_token=%s id_token=%s", profile.provider().prefix(), grant.account(),
                refresh != null, idToken != null);
        return new IssuedTokens(grant, access, lifetime.toSeconds(), refresh, scopes, idToken);
    }

    // ---------------------------------------------------------------- revocation and token use

    /**
     * Revokes the grant behind an access or refresh token, as Google's revoke endpoint does.
     *
     * @return false when the token is unknown, expired or already revoked
     */
    public boolean revokeGrant(Provider provider, String token) {
        Optional<Grant> grant = state.refreshToken(provider, token)
                .filter(refresh -> refresh.state() == RefreshToken.State.ACTIVE)
                .map(RefreshToken::grant)
                .or(() -> state.accessToken(provider, token).filter(access -> access.validAt(clock.now())).map(AccessToken::grant));
        if (grant.isEmpty() || grant.get().revoked()) {
            return false;
        }
        state.revokeGrant(grant.get());
        LOG.infof("Revoked a grant by token: provider=%s account=%s", provider.prefix(), grant.get().account());
        return true;
    }

    /**
     * RFC 7009: authenticates the client, then revokes a refresh token's whole grant, or one access token. Unknown
     * tokens are not an error.
     */
    public void revoke(ProviderProfile profile, String authorization, MultivaluedMap<String, String> form) {
        Map<String, String> parameters = singles(profile, form);
        ClientCredentials credentials = credentials(profile, authorization, parameters);
        Optional<Refusal> refused = clients.verify(profile.clientId(), credentials);
        if (refused.isPresent()) {
            throw refuse(profile, new TokenError(refused.get(), credentials.clientId(), credentials.basic(), null));
        }
        String token = parameters.get("token");
        if (token == null) {
            throw refuse(profile, TokenError.of(Refusal.MISSING_PARAMETER, "token"));
        }
        Optional<RefreshToken> refresh = state.refreshToken(profile.provider(), token);
        if (refresh.isPresent()) {
            state.revokeGrant(refresh.get().grant());
            return;
        }
        state.accessToken(profile.provider(), token).ifPresent(AccessToken::revoke);
    }

    /** The grant an access token speaks for, while the token is valid. */
    public Optional<Grant> activeGrant(Provider provider, String accessToken) {
        return state.accessToken(provider, accessToken).filter(token -> token.validAt(clock.now())).map(AccessToken::grant);
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, String> singles(ProviderProfile profile, MultivaluedMap<String, String> form) {
        Map<String, String> singles = new HashMap<>();
        for (Map.Entry<String, List<String>> parameter : form.entrySet()) {
            if (parameter.getValue().size() > 1) {
                throw refuse(profile, TokenError.of(Refusal.MALFORMED_REQUEST, "parameter " + parameter.getKey() + " is repeated"));
            }
            if (!parameter.getValue().isEmpty() && !parameter.getValue().get(0).isEmpty()) {
                singles.put(parameter.getKey(), parameter.getValue().get(0));
            }
        }
        return singles;
    }

    /** RFC 6749 §2.3.1: HTTP Basic or {@code client_id} + {@code client_secret} in the form, not both. */
    private static ClientCredentials credentials(ProviderProfile profile, String authorization, Map<String, String> parameters) {
        try {
            return ClientCredentialsParser.parse(authorization, parameters.get("client_id"), parameters.get("client_secret"));
        } catch (ClientCredentialsException unreadable) {
            throw refuse(profile, switch (unreadable.problem()) {
                case CONFLICTING -> TokenError.of(Refusal.MALFORMED_REQUEST, unreadable.getMessage());
                case MALFORMED_BASIC -> new TokenError(Refusal.UNKNOWN_CLIENT, null, true, null);
                case MISSING -> TokenError.of(Refusal.NO_CLIENT_SECRET, unreadable.formClientId());
            });
        }
    }

    private static boolean repeated(MultivaluedMap<String, String> query, String name) {
        List<String> values = query.get(name);
        return values != null && values.size() > 1;
    }

    private static ProviderRefusal refuse(ProviderProfile profile, TokenError error) {
        return new ProviderRefusal(profile.refuse(error), error.reason().name());
    }

    private static ProviderRefusal authorizeError(ProviderProfile profile, String redirectUri, String state, String error,
            String description, int aadsts) {
        return new ProviderRefusal(profile.authorizeError(new AuthorizeError(redirectUri, state, error, description, aadsts)), error);
    }

    private static ProviderRefusal page(ProviderProfile profile, String error, String description) {
        return new ProviderRefusal(Pages.error(profile.displayName(), error, description), error);
    }

    /** A map that keeps the order of its {@code key, value} pairs; {@code null} values are kept (and skipped by redirects). */
    static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
