package com.crm.integrations.token.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.retry.ProviderErrors.ProviderError;
import com.crm.integrations.token.AccountSource;
import com.crm.integrations.token.ClientAuthentication;
import com.crm.integrations.token.ProviderAccount;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.Revocation;
import com.crm.integrations.token.Secret;
import com.crm.integrations.token.TokenGrant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * One provider's OAuth 2.0 endpoints: code exchange, refresh, revocation, and who the account is.
 * Speaks RFC 6749 with the quirks of PROVIDERS.md: Mailchimp's {@code expires_in: 0} and
 * {@code scope: null}, its {@code Authorization: OAuth} metadata call, Google's unauthenticated
 * revocation. A refused answer fails with a classified {@link ProviderCallException}.
 */
public class OAuthClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderDefinition definition;
    private final ProviderDefinition.OAuth oauth;
    private final ProviderHttp http;

    OAuthClient(ProviderDefinition definition, ProviderHttp http) {
        this.definition = definition;
        this.oauth = definition.oauth().orElseThrow();
        this.http = http;
    }

    public ProviderDefinition definition() {
        return definition;
    }

    /** Redeems an authorization code (RFC 6749 §4.1.3; RFC 7636 {@code code_verifier} when PKCE is on). */
    public Uni<TokenGrant> exchangeCode(String code, URI redirectUri, Optional<String> codeVerifier) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("redirect_uri", redirectUri.toString());
        codeVerifier.ifPresent(verifier -> form.add("code_verifier", verifier));
        return token("code exchange", form);
    }

    /** Refreshes (RFC 6749 §6). The grant carries a new refresh token when the provider rotates it. */
    public Uni<TokenGrant> refresh(Secret refreshToken) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken.reveal());
        return token("refresh", form);
    }

    /**
     * Revokes the grant a token belongs to (Google's endpoint, RFC 7009 for standards providers).
     * Never fails: the outcome says what happened.
     */
    public Uni<Revocation> revoke(Secret token, String tokenTypeHint) {
        if (oauth.revokeUrl().isEmpty()) {
            return Uni.createFrom().item(Revocation.NOT_SUPPORTED);
        }
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.add("token", token.reveal());
        String authorization = null;
        if (oauth.revokeWithClientAuthentication()) {
            form.add("token_type_hint", tokenTypeHint);
            authorization = authenticate(form);
        }
        return http.post("revoke", oauth.revokeUrl().get(), authorization, form)
                .map(answer -> Revocation.REVOKED)
                .onFailure(ProviderCallException.class).recoverWithItem(failure -> {
                    ProviderCallException call = (ProviderCallException) failure;
                    if (call.error().retryable() || call.status() == 0) {
                        return Revocation.PROVIDER_UNREACHABLE;
                    }
                    return call.category() == FailureCategory.MISCONFIGURED ? Revocation.REFUSED : Revocation.ALREADY_INVALID;
                });
    }

    /** The account behind a fresh grant, from the source the definition names. */
    public Uni<ProviderAccount> account(TokenGrant grant) {
        AccountSource source = oauth.accountSource();
        if (source == AccountSource.ID_TOKEN) {
            return Uni.createFrom().item(() -> fromIdToken(grant));
        }
        if (source == AccountSource.USERINFO) {
            return http.get("userinfo", oauth.userinfoUrl().orElseThrow(), "Bearer " + grant.accessToken().reveal())
                    .map(answer -> fromClaims(read(answer.body())));
        }
        if (source == AccountSource.MAILCHIMP_METADATA) {
            // Mailchimp's metadata call takes the "OAuth" prefix, not "Bearer" (PROVIDERS.md §5.1).
            return http.get("metadata", oauth.metadataUrl().orElseThrow(), "OAuth " + grant.accessToken().reveal())
                    .map(answer -> fromMailchimpMetadata(read(answer.body())));
        }
        return Uni.createFrom().item(ProviderAccount.UNKNOWN);
    }

    private Uni<TokenGrant> token(String operation, MultivaluedMap<String, String> form) {
        String authorization = authenticate(form);
        return http.post(operation, oauth.tokenUrl(), authorization, form).map(answer -> grant(operation, read(answer.body())));
    }

    /** Adds the client credentials to the form, or returns the Basic header that carries them. */
    private String authenticate(MultivaluedMap<String, String> form) {
        if (oauth.clientAuthentication() == ClientAuthentication.CLIENT_SECRET_BASIC) {
            String pair = urlEncode(oauth.clientId()) + ":" + urlEncode(oauth.clientSecret().reveal());
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        form.add("client_id", oauth.clientId());
        form.add("client_secret", oauth.clientSecret().reveal());
        return null;
    }

    private TokenGrant grant(String operation, JsonNode json) {
        String accessToken = json.path("access_token").asText(null);
        if (accessToken == null || accessToken.isBlank()) {
            throw malformed(operation, "no access_token");
        }
        String refreshToken = json.path("refresh_token").asText(null);
        Optional<Duration> expiresIn = Optional.empty();
        JsonNode lifetime = json.path("expires_in");
        if (lifetime.canConvertToLong() || lifetime.isTextual()) {
            long seconds;
            try {
                seconds = lifetime.isTextual() ? Long.parseLong(lifetime.asText().trim()) : lifetime.asLong();
            } catch (NumberFormatException e) {
                throw malformed(operation, "expires_in is not a number");
            }
            // 0 means "never expires" (Mailchimp); a generic OAuth library would call it expired.
            expiresIn = seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        }
        JsonNode scope = json.path("scope");
        List<String> scopes = scope.isTextual() && !scope.asText().isBlank()
                ? Arrays.asList(scope.asText().trim().split("\\s+"))
                : List.of();
        return new TokenGrant(new Secret(accessToken),
                Optional.ofNullable(refreshToken).filter(value -> !value.isBlank()).map(Secret::new), expiresIn, scopes,
                Optional.ofNullable(json.path("id_token").asText(null)));
    }

    /**
     * The claims of the id_token that came with the code exchange. Read without checking its
     * signature: it came straight from the token endpoint over TLS, which OpenID Connect Core
     * §3.1.3.7 accepts in place of the signature for the code flow.
     */
    private ProviderAccount fromIdToken(TokenGrant grant) {
        String idToken = grant.idToken().orElse(null);
        if (idToken == null) {
            return ProviderAccount.UNKNOWN;
        }
        String[] parts = idToken.split("\\.");
        if (parts.length < 2) {
            throw malformed("id_token", "not a JWT");
        }
        try {
            return fromClaims(JSON.readTree(Base64.getUrlDecoder().decode(parts[1])));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw malformed("id_token", "unreadable claims");
        }
    }

    private static ProviderAccount fromClaims(JsonNode claims) {
        // Microsoft: oid is the user's id across apps; sub is per app. Elsewhere sub.
        String id = text(claims, "oid").or(() -> text(claims, "sub")).orElse(null);
        String login = text(claims, "email").or(() -> text(claims, "preferred_username")).orElse(null);
        return new ProviderAccount(Optional.ofNullable(id), Optional.ofNullable(login), Optional.empty(), Optional.empty());
    }

    private ProviderAccount fromMailchimpMetadata(JsonNode metadata) {
        String dataCentre = text(metadata, "dc").orElseThrow(() -> malformed("metadata", "no dc"));
        String endpoint = text(metadata, "api_endpoint").orElseThrow(() -> malformed("metadata", "no api_endpoint"));
        if (!oauth.apiEndpoint().orElseThrow().matches(dataCentre, endpoint)) {
            // Never send the token to a host that is not the provider's API for that data centre.
            throw new ProviderCallException(definition.name(), "metadata", 200,
                    new ProviderError(FailureCategory.PERMANENT, "foreign_api_endpoint", Optional.empty()));
        }
        JsonNode login = metadata.path("login");
        // user_id and login_id come as numbers or strings depending on the account (PROVIDERS.md §5.1).
        String id = text(metadata, "user_id").or(() -> text(login, "login_id")).orElse(null);
        String loginName = text(login, "login_email").or(() -> text(login, "email")).or(() -> text(login, "login_name"))
                .orElse(null);
        return new ProviderAccount(Optional.ofNullable(id), Optional.ofNullable(loginName), Optional.of(dataCentre),
                Optional.of(URI.create(endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint)));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isTextual() && !value.asText().isBlank()) {
            return Optional.of(value.asText());
        }
        if (value.isNumber()) {
            return Optional.of(value.asText());
        }
        return Optional.empty();
    }

    private JsonNode read(String body) {
        try {
            JsonNode json = JSON.readTree(body == null ? "" : body);
            if (json == null || !json.isObject()) {
                throw malformed("answer", "not a JSON object");
            }
            return json;
        } catch (java.io.IOException e) {
            throw malformed("answer", "not JSON");
        }
    }

    private ProviderCallException malformed(String operation, String what) {
        return new ProviderCallException(definition.name(), operation + " (" + what + ")", 200,
                new ProviderError(FailureCategory.PERMANENT, "malformed_response", Optional.empty()));
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
