package com.crm.integrations.token.service;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.events.payload.ConnectionKind;
import com.crm.integrations.common.problem.ResourceNotFoundException;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.security.Caller;
import com.crm.integrations.token.AuthorizationOutcome;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.client.OAuthClient;
import com.crm.integrations.token.client.ProviderClients;
import com.crm.integrations.token.config.TokenServiceConfig;
import com.crm.integrations.token.repository.OAuthSessionRepository;
import com.crm.integrations.token.repository.OAuthSessionRepository.Session;
import com.crm.integrations.token.service.ConnectionService.NoRefreshTokenException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The OAuth 2.0 authorization-code flow, in three steps:
 * <ol>
 * <li>{@link #start}: the CRM asks for a one-time start URL on this service for its user;</li>
 * <li>{@link #open}: the user's browser opens it; we set a cookie bound to a fresh state and send the
 * browser to the provider (PKCE S256 where the definition uses it: the cookie's value is the
 * verifier, so neither it nor the state is stored, only their hashes);</li>
 * <li>{@link #callback}: the provider sends the browser back; with the matching cookie and a fresh,
 * unused state we exchange the code and store the connection, then send the browser to the CRM's
 * return URL with the outcome.</li>
 * </ol>
 */
@Singleton
public class AuthorizationService {

    private static final Logger LOG = Logger.getLogger(AuthorizationService.class);
    static final String COOKIE_PREFIX = "crm_oauth_";

    /** A start URL for the CRM to hand to its user's browser. */
    public record Started(UUID id, URI startUrl, Instant expiresAt) {
    }

    /** Where to send the browser, and the cookie to set (or clear) on the way. */
    public record Redirect(URI location, Optional<Cookie> cookie) {
    }

    /** A cookie of this flow: {@code maxAge} zero clears it. */
    public record Cookie(String name, String value, String path, Duration maxAge, boolean secure) {
        @Override
        public String toString() {
            return "Cookie[name=" + name + ", path=" + path + "]";
        }
    }

    private final Pool pool;
    private final OAuthSessionRepository sessions;
    private final ProviderRegistry providers;
    private final ProviderClients clients;
    private final ConnectionService connections;
    private final TokenServiceConfig config;
    private final Clock clock = Clock.systemUTC();

    public AuthorizationService(Pool pool, OAuthSessionRepository sessions, ProviderRegistry providers, ProviderClients clients,
            ConnectionService connections, TokenServiceConfig config) {
        this.pool = pool;
        this.sessions = sessions;
        this.providers = providers;
        this.clients = clients;
        this.connections = connections;
        this.config = config;
    }

    /** The redirect URI registered with the provider: {@code <public-url>/oauth/<provider>/callback}. */
    public URI redirectUri(String provider) {
        return URI.create(base() + "/oauth/" + provider + "/callback");
    }

    public Uni<Started> start(Caller caller, String providerName) {
        ProviderDefinition provider = oauthProvider(providerName);
        String tenant = caller.requireTenant().value();
        return connections.requireAllowed(caller, provider, ConnectionKind.OAUTH).chain(() -> {
            UUID id = UUID.randomUUID();
            String startToken = Randoms.token();
            Instant now = clock.instant();
            Instant expiresAt = now.plus(config.authorizationLifetime());
            return sessions.insert(pool, id, tenant, caller.subject(), provider.name(), redirectUri(provider.name()).toString(),
                            Randoms.sha256(startToken), now, expiresAt)
                    .map(done -> new Started(id, URI.create(base() + "/oauth/" + provider.name() + "/start?session="
                            + startToken), expiresAt));
        });
    }

    /** Opens a start URL once: a cookie bound to a new state, and the provider's authorization URL. */
    public Uni<Redirect> open(String providerName, String startToken) {
        ProviderDefinition provider = oauthProvider(providerName);
        ProviderDefinition.OAuth oauth = provider.oauth().orElseThrow();
        if (startToken == null || startToken.isBlank()) {
            return Uni.createFrom().item(finished(providerName, AuthorizationOutcome.INVALID_START));
        }
        String state = Randoms.token();
        String cookie = Randoms.token();
        Instant now = clock.instant();
        return sessions.open(pool, providerName, Randoms.sha256(startToken), Randoms.sha256(state), Randoms.sha256(cookie), now)
                .map(opened -> {
                    if (opened.isEmpty()) {
                        LOG.infof("Start URL refused (unknown, used or expired): provider=%s", providerName);
                        return finished(providerName, AuthorizationOutcome.INVALID_START);
                    }
                    Session session = opened.get();
                    Map<String, String> query = new LinkedHashMap<>();
                    query.put("response_type", "code");
                    query.put("client_id", oauth.clientId());
                    query.put("redirect_uri", session.redirectUri());
                    if (!oauth.scopes().isEmpty()) {
                        query.put("scope", String.join(" ", oauth.scopes()));
                    }
                    query.put("state", state);
                    if (oauth.pkce()) {
                        query.put("code_challenge", Randoms.s256(cookie));
                        query.put("code_challenge_method", "S256");
                    }
                    oauth.authorizationParameters().forEach(query::putIfAbsent);
                    LOG.infof("Authorization opened: tenant=%s user=%s provider=%s session=%s", session.tenantId(), session.userId(),
                            providerName, session.id());
                    return new Redirect(withQuery(oauth.authorizationUrl(), query), Optional.of(new Cookie(cookieName(session.id()),
                            cookie, callbackPath(providerName), Duration.between(now, session.expiresAt()), secure())));
                });
    }

    /**
     * Finishes a flow: checks the state (known, this provider's, unused, fresh) and the cookie, takes
     * the state (single use), exchanges the code and stores the connection. Always a redirect to the
     * return URL, with the outcome.
     */
    public Uni<Redirect> callback(String providerName, String code, String state, String error, Map<String, String> cookies) {
        ProviderDefinition provider = oauthProvider(providerName);
        if (state == null || state.isBlank()) {
            return Uni.createFrom().item(finished(providerName, AuthorizationOutcome.INVALID_STATE));
        }
        Instant now = clock.instant();
        return sessions.findByState(pool, Randoms.sha256(state)).chain(found -> {
            if (found.isEmpty() || !found.get().provider().equals(providerName)) {
                LOG.infof("Callback refused: unknown state, provider=%s", providerName);
                return Uni.createFrom().item(finished(providerName, AuthorizationOutcome.INVALID_STATE));
            }
            Session session = found.get();
            Optional<Cookie> clear = Optional.of(new Cookie(cookieName(session.id()), "", callbackPath(providerName), Duration.ZERO,
                    secure()));
            String cookie = cookies.get(cookieName(session.id()));
            if (cookie == null || session.cookieHash().isEmpty()
                    || !MessageDigest.isEqual(Randoms.sha256(cookie), session.cookieHash().get())) {
                // The state stays usable: whoever sent this browser here may not burn the real user's flow.
                LOG.infof("Callback refused: no matching cookie, tenant=%s session=%s", session.tenantId(), session.id());
                return Uni.createFrom().item(finished(providerName, AuthorizationOutcome.MISSING_COOKIE));
            }
            if (session.finishedAt().isPresent()) {
                return Uni.createFrom().item(refused(session, AuthorizationOutcome.REPLAYED_STATE, clear));
            }
            AuthorizationOutcome early = session.expiresAt().isBefore(now) ? AuthorizationOutcome.EXPIRED_STATE
                    : error != null ? ("access_denied".equals(error) ? AuthorizationOutcome.DENIED : AuthorizationOutcome.PROVIDER_ERROR)
                    : code == null || code.isBlank() ? AuthorizationOutcome.PROVIDER_ERROR : null;
            // Take the state before anything else: a second callback with it is a replay, whatever happens next.
            return sessions.finish(pool, session.id(), early == null ? "exchanging" : early.wireName(), now).chain(taken -> {
                if (!taken) {
                    return Uni.createFrom().item(refused(session, AuthorizationOutcome.REPLAYED_STATE, clear));
                }
                if (early != null) {
                    return Uni.createFrom().item(refused(session, early, clear,
                            early == AuthorizationOutcome.PROVIDER_ERROR ? errorCode(error) : null));
                }
                return exchange(provider, session, code, cookie, clear);
            });
        });
    }

    private Uni<Redirect> exchange(ProviderDefinition provider, Session session, String code, String verifier, Optional<Cookie> clear) {
        OAuthClient client = clients.oauth(provider.name()).orElseThrow();
        boolean pkce = provider.oauth().orElseThrow().pkce();
        return client.exchangeCode(code, URI.create(session.redirectUri()), pkce ? Optional.of(verifier) : Optional.empty())
                .chain(grant -> client.account(grant).map(account -> Map.entry(grant, account)))
                .chain(granted -> connections.storeOAuth(session.tenantId(), session.userId(), provider, granted.getKey(),
                        granted.getValue()))
                .call(stored -> stored.replacedGrant().map(old -> client.revoke(old, "refresh_token").invoke(revocation -> LOG.infof(
                        "Revoked the grant of the account this reconnect replaced: tenant=%s connection=%s provider=%s outcome=%s",
                        session.tenantId(), stored.connection().id(), provider.name(), revocation)).replaceWithVoid())
                        .orElse(Uni.createFrom().voidItem()))
                .chain(stored -> {
                    AuthorizationOutcome outcome = stored.reconnected() ? AuthorizationOutcome.RECONNECTED : AuthorizationOutcome.CONNECTED;
                    LOG.infof("Connection %s: tenant=%s user=%s provider=%s connection=%s", outcome.wireName(), session.tenantId(),
                            session.userId(), provider.name(), stored.connection().id());
                    return sessions.recordOutcome(pool, session.id(), outcome.wireName()).replaceWith(
                            new Redirect(returnUri(provider.name(), outcome, stored.connection().id().toString(), null), clear));
                })
                .onFailure(ProviderCallException.class).recoverWithUni(failure -> {
                    ProviderCallException call = (ProviderCallException) failure;
                    LOG.infof("Code exchange failed: tenant=%s session=%s provider=%s: %s", session.tenantId(), session.id(),
                            provider.name(), call.getMessage());
                    return sessions.recordOutcome(pool, session.id(), AuthorizationOutcome.EXCHANGE_FAILED.wireName())
                            .replaceWith(refused(session, AuthorizationOutcome.EXCHANGE_FAILED, clear, call.providerCode() != null
                                    ? call.providerCode() : call.category().name().toLowerCase(java.util.Locale.ROOT)));
                })
                .onFailure(NoRefreshTokenException.class).recoverWithUni(failure -> {
                    LOG.infof("Connection refused, no refresh token: tenant=%s session=%s provider=%s", session.tenantId(),
                            session.id(), provider.name());
                    return sessions.recordOutcome(pool, session.id(), AuthorizationOutcome.NO_REFRESH_TOKEN.wireName())
                            .replaceWith(refused(session, AuthorizationOutcome.NO_REFRESH_TOKEN, clear));
                });
    }

    private Redirect refused(Session session, AuthorizationOutcome outcome, Optional<Cookie> clear) {
        return refused(session, outcome, clear, null);
    }

    private Redirect refused(Session session, AuthorizationOutcome outcome, Optional<Cookie> clear, String error) {
        LOG.infof("Authorization ended: outcome=%s tenant=%s user=%s provider=%s session=%s", outcome.wireName(), session.tenantId(),
                session.userId(), session.provider(), session.id());
        return new Redirect(returnUri(session.provider(), outcome, null, error), clear);
    }

    /** A refusal before any session is known: nothing to clear. */
    private Redirect finished(String provider, AuthorizationOutcome outcome) {
        return new Redirect(returnUri(provider, outcome, null, null), Optional.empty());
    }

    private URI returnUri(String provider, AuthorizationOutcome outcome, String connection, String error) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("provider", provider);
        query.put("outcome", outcome.wireName());
        if (connection != null) {
            query.put("connection", connection);
        }
        if (error != null) {
            query.put("error", error);
        }
        return withQuery(config.returnUrl().orElseGet(() -> URI.create(base() + "/oauth/finished")), query);
    }

    private ProviderDefinition oauthProvider(String name) {
        ProviderDefinition provider = providers.require(name);
        if (provider.oauth().isEmpty()) {
            throw new ResourceNotFoundException("No OAuth connections to " + name + " are configured");
        }
        return provider;
    }

    private String base() {
        String url = config.publicUrl().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private boolean secure() {
        return "https".equalsIgnoreCase(config.publicUrl().getScheme());
    }

    private String callbackPath(String provider) {
        String path = config.publicUrl().getPath() == null ? "" : config.publicUrl().getPath();
        return (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + "/oauth/" + provider + "/callback";
    }

    /** The provider's {@code error} when it is a plain OAuth error code (RFC 6749 §4.1.2.1), else nothing: it is passed on to the CRM. */
    static String errorCode(String error) {
        return error != null && error.matches("[a-z_]{1,64}") ? error : null;
    }

    static String cookieName(UUID session) {
        return COOKIE_PREFIX + session.toString().replace("-", "").substring(0, 16);
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
}
