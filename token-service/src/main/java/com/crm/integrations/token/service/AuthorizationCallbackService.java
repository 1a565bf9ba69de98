package com.crm.integrations.token.service;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.token.AuthorizationOutcome;
import com.crm.integrations.token.ProviderDefinition;
import com.crm.integrations.token.client.OAuthClient;
import com.crm.integrations.token.client.ProviderClients;
import com.crm.integrations.token.config.ProviderRegistry;
import com.crm.integrations.token.repository.OAuthSessionRepository;
import com.crm.integrations.token.repository.OAuthSessionRepository.Session;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The OAuth flow's last step: the provider sends the browser back; a callback that passes
 * {@link CallbackCheck} takes its state (single use), exchanges the code and stores the connection;
 * the browser always goes on to the CRM's return URL with the outcome.
 */
@Singleton
public class AuthorizationCallbackService {

    private static final Logger LOG = Logger.getLogger(AuthorizationCallbackService.class);
    private static final String EXCHANGING = "exchanging";

    private final Pool pool;
    private final OAuthSessionRepository sessions;
    private final ProviderRegistry providers;
    private final ProviderClients clients;
    private final OAuthConnections connections;
    private final GrantRevoker revoker;
    private final OAuthRedirects redirects;
    private final Clock clock = Clock.systemUTC();

    public AuthorizationCallbackService(Pool pool, OAuthSessionRepository sessions, ProviderRegistry providers, ProviderClients clients,
            OAuthConnections connections, GrantRevoker revoker, OAuthRedirects redirects) {
        this.pool = pool;
        this.sessions = sessions;
        this.providers = providers;
        this.clients = clients;
        this.connections = connections;
        this.revoker = revoker;
        this.redirects = redirects;
    }

    /** Finishes a flow; always a redirect to the return URL, with the outcome. */
    public Uni<Redirect> callback(String providerName, String code, String state, String error, Map<String, String> cookies) {
        ProviderDefinition provider = providers.requireOAuth(providerName);
        if (state == null || state.isBlank()) {
            return Uni.createFrom().item(untrusted(providerName, AuthorizationOutcome.INVALID_STATE));
        }
        Instant now = clock.instant();
        return sessions.findByState(pool, Randoms.sha256(state)).chain(found -> {
            String cookie = found.map(session -> cookies.get(OAuthRedirects.cookieName(session.id()))).orElse(null);
            CallbackCheck.Verdict verdict = CallbackCheck.judge(providerName, found, cookie, code, error, now);
            if (verdict.action() == CallbackCheck.Action.REFUSE_UNTRUSTED) {
                // The state stays usable: whoever sent this browser here may not burn the real user's flow.
                LOG.infof("Callback refused (%s): provider=%s session=%s", verdict.outcome().orElseThrow().wireName(), providerName,
                        found.map(Session::id).orElse(null));
                return Uni.createFrom().item(untrusted(providerName, verdict.outcome().orElseThrow()));
            }
            Session session = found.orElseThrow();
            if (verdict.action() == CallbackCheck.Action.REFUSE_REPLAYED) {
                return Uni.createFrom().item(ended(session, AuthorizationOutcome.REPLAYED_STATE, Optional.empty()));
            }
            // Take the state before anything else: a second callback with it is a replay, whatever happens next.
            String taking = verdict.outcome().map(AuthorizationOutcome::wireName).orElse(EXCHANGING);
            return sessions.finish(pool, session.id(), taking, now).chain(taken -> {
                if (!taken) {
                    return Uni.createFrom().item(ended(session, AuthorizationOutcome.REPLAYED_STATE, Optional.empty()));
                }
                return verdict.outcome().isPresent()
                        ? Uni.createFrom().item(ended(session, verdict.outcome().get(), verdict.errorCode()))
                        : exchange(provider, session, code, cookie);
            });
        });
    }

    private Uni<Redirect> exchange(ProviderDefinition provider, Session session, String code, String verifier) {
        OAuthClient client = clients.oauth(provider.name()).orElseThrow();
        boolean pkce = provider.oauth().orElseThrow().pkce();
        return client.exchangeCode(code, URI.create(session.redirectUri()), pkce ? Optional.of(verifier) : Optional.empty())
                .chain(grant -> client.account(grant)
                        .chain(account -> connections.store(session.tenantId(), session.userId(), provider, grant, account)))
                .call(stored -> stored.flatMap(outcome -> outcome.replacedGrant()
                                .map(old -> revoker.revokeReplaced(outcome.connection(), old).replaceWithVoid()))
                        .orElse(Uni.createFrom().voidItem()))
                .chain(stored -> {
                    if (stored.isEmpty()) {
                        LOG.infof("Connection refused, no refresh token: tenant=%s session=%s provider=%s", session.tenantId(),
                                session.id(), provider.name());
                        return record(session, AuthorizationOutcome.NO_REFRESH_TOKEN, Optional.empty());
                    }
                    StoredOutcome outcome = stored.get();
                    AuthorizationOutcome result = outcome.reconnected() ? AuthorizationOutcome.RECONNECTED : AuthorizationOutcome.CONNECTED;
                    LOG.infof("Connection %s: tenant=%s user=%s provider=%s connection=%s", result.wireName(), session.tenantId(),
                            session.userId(), provider.name(), outcome.connection().id());
                    return sessions.recordOutcome(pool, session.id(), result.wireName()).replaceWith(new Redirect(
                            redirects.returnUri(provider.name(), result, Optional.of(outcome.connection().id()), Optional.empty()),
                            Optional.of(redirects.clearedCookie(session.id(), provider.name()))));
                })
                .onFailure(ProviderCallException.class).recoverWithUni(failure -> {
                    ProviderCallException call = (ProviderCallException) failure;
                    LOG.infof("Code exchange failed: tenant=%s session=%s provider=%s: %s", session.tenantId(), session.id(),
                            provider.name(), call.getMessage());
                    return record(session, AuthorizationOutcome.EXCHANGE_FAILED,
                            Optional.of(call.providerCode() != null ? call.providerCode() : call.category().wireName()));
                });
    }

    /** Records how an exchanged session ended, then ends it. */
    private Uni<Redirect> record(Session session, AuthorizationOutcome outcome, Optional<String> error) {
        return sessions.recordOutcome(pool, session.id(), outcome.wireName()).replaceWith(ended(session, outcome, error));
    }

    /** A flow that ended without a connection: to the return URL with the outcome, the cookie cleared. */
    private Redirect ended(Session session, AuthorizationOutcome outcome, Optional<String> error) {
        LOG.infof("Authorization ended: outcome=%s tenant=%s user=%s provider=%s session=%s", outcome.wireName(), session.tenantId(),
                session.userId(), session.provider(), session.id());
        return new Redirect(redirects.returnUri(session.provider(), outcome, Optional.<UUID>empty(), error),
                Optional.of(redirects.clearedCookie(session.id(), session.provider())));
    }

    /** A refusal before the session is trusted: nothing to clear. */
    private Redirect untrusted(String provider, AuthorizationOutcome outcome) {
        return new Redirect(redirects.returnUri(provider, outcome, Optional.empty(), Optional.empty()), Optional.empty());
    }
}
