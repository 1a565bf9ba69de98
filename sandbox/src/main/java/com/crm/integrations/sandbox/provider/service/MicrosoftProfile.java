package com.crm.integrations.sandbox.provider.service;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Singleton;

import com.crm.integrations.sandbox.identity.service.SigningKey;
import com.crm.integrations.sandbox.provider.AuthorizationRequest;
import com.crm.integrations.sandbox.provider.ErrorPage;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.IssuedTokens;
import com.crm.integrations.sandbox.provider.JsonAnswer;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.ProviderAnswer;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.crm.integrations.sandbox.provider.Scopes;
import com.crm.integrations.sandbox.provider.TokenError;
import com.crm.integrations.sandbox.provider.config.ProvidersConfig;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Microsoft identity platform v2.0 (PROVIDERS.md §3): a {@code {tenant}} in the path, Graph short-form scopes, a refresh
 * token only when {@code offline_access} was granted, rotated on every refresh (the old one refused afterwards),
 * {@code ext_expires_in}, and AADSTS error bodies.
 */
@Singleton
public class MicrosoftProfile implements ProviderProfile {

    static final String GRAPH = "https://graph.microsoft.com/";
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "email", "offline_access");
    private static final long ID_TOKEN_LIFETIME = 3600;

    private final ProvidersConfig.Microsoft config;
    private final SigningKey key;
    /** Signs seeded grants' access tokens; never leaves this object. */
    private final SecretKey seededTokenKey = new SecretKeySpec(RandomTokens.bytes(32), "HmacSHA256");

    MicrosoftProfile(ProvidersConfig config, SigningKey key) {
        this.config = config.microsoft();
        this.key = key;
    }

    @Override
    public Provider provider() {
        return Provider.MICROSOFT;
    }

    @Override
    public String displayName() {
        return "Microsoft";
    }

    @Override
    public String clientId() {
        return config.clientId();
    }

    @Override
    public boolean scopeRequired() {
        return true;
    }

    /** {@code Calendars.ReadWrite} means {@code https://graph.microsoft.com/Calendars.ReadWrite}. */
    @Override
    public Set<String> normalize(Set<String> scopes) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String scope : scopes) {
            boolean qualified = OIDC_SCOPES.contains(scope.toLowerCase(Locale.ROOT)) || scope.contains("/") || scope.contains(":");
            normalized.add(qualified ? scope : GRAPH + scope);
        }
        return normalized;
    }

    /**
     * @param page whether to answer with an error page (authorize) rather than a token-endpoint error
     * @throws ProviderRefusal when {@code tenant} is none of common, organizations, consumers, a GUID or a domain
     */
    public void requireTenant(String tenant, boolean page) {
        if (MicrosoftTenants.isTenant(tenant)) {
            return;
        }
        String message = MicrosoftErrors.message(900023, clientId(), tenant);
        throw new ProviderRefusal(page
                ? new ErrorPage(displayName(), "invalid_request", MicrosoftErrors.shortDescription(900023, message))
                : MicrosoftErrors.response(400, "invalid_request", 900023, message), "tenant");
    }

    @Override
    public ProviderAnswer authorizeError(AuthorizeError error) {
        String description = error.aadsts() == 0 ? error.description()
                : MicrosoftErrors.shortDescription(error.aadsts(), error.description());
        return ProviderProfile.super.authorizeError(
                new AuthorizeError(error.redirectUri(), error.state(), error.error(), description, error.aadsts()));
    }

    @Override
    public String denialDescription() {
        return MicrosoftErrors.shortDescription(65004, MicrosoftErrors.message(65004, clientId(), null));
    }

    @Override
    public boolean issuesRefreshToken(AuthorizationRequest request, Set<String> granted, boolean consentedBefore) {
        return granted.contains("offline_access");
    }

    @Override
    public String newCode() {
        return "1.AXoA" + RandomTokens.base64Url(180);
    }

    @Override
    public String newRefreshToken() {
        return "1.AXoA" + RandomTokens.base64Url(360);
    }

    /** A signed JWT for Graph, as real ones are; clients must treat it as opaque. */
    @Override
    public String newAccessToken(Grant grant, Set<String> scopes, Duration lifetime) {
        return key.sign(accessTokenClaims(grant, scopes, lifetime));
    }

    /**
     * The same claims, signed HS256 with a key the sandbox keeps to itself: an RS256 signature costs 1-12 ms of CPU
     * (12 with the tests' C1-only JVM), too slow for ten thousand grants at once. Apps cannot verify Graph tokens
     * anyway (PROVIDERS.md §3.3), and the first refresh returns an RS256 one.
     */
    @Override
    public String newSeededAccessToken(Grant grant, Set<String> scopes, Duration lifetime) {
        return accessTokenClaims(grant, scopes, lifetime).jws().algorithm(SignatureAlgorithm.HS256).sign(seededTokenKey);
    }

    private JwtClaimsBuilder accessTokenClaims(Grant grant, Set<String> scopes, Duration lifetime) {
        long now = Instant.now().getEpochSecond();
        String tid = MicrosoftTenants.tenantId(grant);
        String scp = scopes.stream().filter(scope -> scope.startsWith(GRAPH)).map(scope -> scope.substring(GRAPH.length()))
                .collect(Collectors.joining(" "));
        return Jwt.claims()
                .audience(GRAPH.substring(0, GRAPH.length() - 1))
                .issuer("https://sts.windows.net/" + tid + "/")
                .issuedAt(now)
                .claim("nbf", now)
                .expiresAt(now + lifetime.toSeconds())
                .claim("appid", grant.clientId())
                .claim("oid", objectId(grant.account()))
                .claim("tid", tid)
                .claim("scp", scp)
                .claim("upn", grant.account())
                .claim("name", Identities.displayName(grant.account()))
                .subject(subject(grant))
                .claim("uti", RandomTokens.base64Url(16))
                .claim("ver", "1.0");
    }

    @Override
    public Duration accessTokenLifetime() {
        return config.accessTokenLifetime();
    }

    @Override
    public boolean rotatesRefreshTokens() {
        return true;
    }

    /** MSAL adds the OIDC scopes to every request, refreshes included. */
    @Override
    public Set<String> scopesAlwaysRefreshable() {
        return OIDC_SCOPES;
    }

    /** {@code iss, aud, sub, oid, tid, preferred_username, email, name, iat, nbf, exp, ver} and {@code nonce} when sent. */
    @Override
    public String idToken(Grant grant, Set<String> scopes) {
        if (!scopes.contains("openid")) {
            return null;
        }
        long now = Instant.now().getEpochSecond();
        String tid = MicrosoftTenants.tenantId(grant);
        JwtClaimsBuilder claims = Jwt.claims()
                .issuer("https://login.microsoftonline.com/" + tid + "/v2.0")
                .audience(grant.clientId())
                .subject(subject(grant))
                .claim("oid", objectId(grant.account()))
                .claim("tid", tid)
                .claim("preferred_username", grant.account())
                .claim("email", grant.account())
                .claim("name", Identities.displayName(grant.account()))
                .issuedAt(now)
                .claim("nbf", now)
                .expiresAt(now + ID_TOKEN_LIFETIME)
                .claim("ver", "2.0");
        if (grant.request().nonce() != null) {
            claims.claim("nonce", grant.request().nonce());
        }
        return key.sign(claims);
    }

    @Override
    public String accountId(Grant grant) {
        return objectId(grant.account());
    }

    @Override
    public Set<String> seededScopes() {
        return Scopes.copy(List.of("openid", "email", "profile", "offline_access", GRAPH + "Calendars.ReadWrite", GRAPH + "User.Read"));
    }

    static String objectId(String account) {
        return Identities.uuid("microsoft-oid", account).toString();
    }

    /** Pairwise: differs per app for the same user, as Entra's {@code sub} does. */
    static String subject(Grant grant) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Identities.sha256(grant.clientId() + '\n' + grant.account())).substring(0, 43);
    }

    /** Scopes as the response lists them: granted, less {@code offline_access}. */
    @Override
    public Map<String, Object> tokenResponse(IssuedTokens tokens) {
        Set<String> scopes = new LinkedHashSet<>(tokens.scopes());
        scopes.remove("offline_access");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("scope", Scopes.join(scopes));
        body.put("expires_in", tokens.expiresIn());
        body.put("ext_expires_in", tokens.expiresIn());
        body.put("access_token", tokens.accessToken());
        if (tokens.refreshToken() != null) {
            body.put("refresh_token", tokens.refreshToken());
        }
        if (tokens.idToken() != null) {
            body.put("id_token", tokens.idToken());
        }
        return body;
    }

    @Override
    public JsonAnswer refuse(TokenError e) {
        return MicrosoftErrors.refuse(e, clientId());
    }
}
