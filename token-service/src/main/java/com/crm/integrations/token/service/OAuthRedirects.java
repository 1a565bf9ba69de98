package com.crm.integrations.token.service;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.crm.integrations.token.AuthorizationOutcome;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.config.TokenServiceConfig;

/**
 * Builds the OAuth flow's URLs and cookies from the service's public URL: start URLs, redirect URIs,
 * the provider's authorization URL, the CRM's return URL with the outcome, and the flow cookie. Pure.
 */
@Singleton
public class OAuthRedirects {

    static final String COOKIE_PREFIX = "crm_oauth_";

    private final String base;
    private final String basePath;
    private final boolean secure;
    private final URI returnUrl;

    @Inject
    public OAuthRedirects(TokenServiceConfig config) {
        this(config.publicUrl(), config.returnUrl());
    }

    /** @throws IllegalArgumentException when the public URL is not an absolute http(s) URL */
    OAuthRedirects(URI publicUrl, Optional<URI> returnUrl) {
        Objects.requireNonNull(publicUrl, "publicUrl");
        if (!"http".equalsIgnoreCase(publicUrl.getScheme()) && !"https".equalsIgnoreCase(publicUrl.getScheme())
                || publicUrl.getHost() == null) {
            throw new IllegalArgumentException("The public URL must be an absolute http(s) URL: " + publicUrl);
        }
        this.base = withoutTrailingSlash(publicUrl.toString());
        this.basePath = withoutTrailingSlash(publicUrl.getPath() == null ? "" : publicUrl.getPath());
        this.secure = "https".equalsIgnoreCase(publicUrl.getScheme());
        this.returnUrl = returnUrl.orElseGet(() -> URI.create(base + "/oauth/finished"));
    }

    /** The redirect URI registered with the provider: {@code <public-url>/oauth/<provider>/callback}. */
    public URI redirectUri(String provider) {
        return URI.create(base + "/oauth/" + provider + "/callback");
    }

    /** The one-time start URL the CRM hands to its user's browser. */
    public URI startUrl(String provider, String startToken) {
        return withQuery(URI.create(base + "/oauth/" + provider + "/start"), Map.of("session", startToken));
    }

    /**
     * The provider's authorization URL for the authorization-code flow: our client id, redirect URI,
     * scopes and state, the PKCE S256 challenge of {@code verifier} when the definition uses PKCE, and
     * the definition's extra parameters (which never override ours).
     */
    public URI authorizationUrl(ProviderDefinition.OAuth oauth, String redirectUri, String state, String verifier) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", oauth.clientId());
        query.put("redirect_uri", redirectUri);
        if (!oauth.scopes().isEmpty()) {
            query.put("scope", String.join(" ", oauth.scopes()));
        }
        query.put("state", state);
        if (oauth.pkce()) {
            query.put("code_challenge", Randoms.s256(verifier));
            query.put("code_challenge_method", "S256");
        }
        oauth.authorizationParameters().forEach(query::putIfAbsent);
        return withQuery(oauth.authorizationUrl(), query);
    }

    /** The CRM's return URL with {@code provider}, {@code outcome} and, when there are, {@code connection} and {@code error}. */
    public URI returnUri(String provider, AuthorizationOutcome outcome, Optional<UUID> connection, Optional<String> error) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("provider", provider);
        query.put("outcome", outcome.wireName());
        connection.ifPresent(id -> query.put("connection", id.toString()));
        error.ifPresent(code -> query.put("error", code));
        return withQuery(returnUrl, query);
    }

    /** The cookie that binds a flow to the browser that opened its start URL, for {@code maxAge}. */
    public Redirect.Cookie flowCookie(UUID session, String provider, String value, Duration maxAge) {
        return new Redirect.Cookie(cookieName(session), value, callbackPath(provider), maxAge, secure);
    }

    /** The same cookie, cleared. */
    public Redirect.Cookie clearedCookie(UUID session, String provider) {
        return flowCookie(session, provider, "", Duration.ZERO);
    }

    /** A flow cookie's name: distinct per session, so two flows in one browser do not collide. */
    public static String cookieName(UUID session) {
        return COOKIE_PREFIX + session.toString().replace("-", "").substring(0, 16);
    }

    private String callbackPath(String provider) {
        return basePath + "/oauth/" + provider + "/callback";
    }

    static URI withQuery(URI base, Map<String, String> query) {
        StringBuilder url = new StringBuilder(base.toString());
        char separator = base.getRawQuery() == null ? '?' : '&';
        for (Map.Entry<String, String> entry : query.entrySet()) {
            url.append(separator).append(encode(entry.getKey())).append('=').append(encode(entry.getValue()));
            separator = '&';
        }
        return URI.create(url.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String withoutTrailingSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
