package com.crm.integrations.common.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.crm.integrations.common.retry.ProviderCallException;

import io.smallrye.mutiny.Uni;

/**
 * Access tokens from token-service's internal API ({@link TokenServiceClient}), for services that call providers as a
 * connection. They hold no token beyond memory: each is kept at most {@code integrations.token-service.max-age} (60 s)
 * and never past {@code expiry-margin} (60 s) before it expires, because a consumer group shares
 * {@code token.refreshed} among replicas and no cache here can count on seeing every refresh. A provider's 401 goes
 * back to token-service as a rejection report ({@link #reportRejection}), whose answer is either a fresh token or the
 * confirmation that someone must act.
 */
@ApplicationScoped
public class AccessTokens {

    private record Cached(IssuedToken token, Instant until) {
    }

    private final TokenServiceClient client;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration expiryMargin;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public AccessTokens(TokenServiceClient client, TokenServiceClientConfig config, Clock clock) {
        this.client = client;
        this.clock = clock;
        this.maxAge = config.maxAge();
        this.expiryMargin = config.expiryMargin();
    }

    /**
     * A current access token (or API key) for the connection.
     *
     * @throws ConnectionUnusableException (as a failure) when token-service hands out none until someone acts
     * @throws ProviderCallException (as a failure, provider {@code token-service}) when token-service cannot answer now
     */
    public Uni<String> token(String connectionId) {
        return issuedToken(connectionId).map(IssuedToken::accessToken);
    }

    /** As {@link #token}, with its expiry and (Mailchimp) the API endpoint of the account's data centre. */
    public Uni<IssuedToken> issuedToken(String connectionId) {
        Cached cached = cache.get(connectionId);
        if (cached != null && clock.instant().isBefore(cached.until())) {
            return Uni.createFrom().item(cached.token());
        }
        return client.accessToken(connectionId).map(token -> keep(connectionId, token));
    }

    /**
     * Tells token-service that the provider refused the token (answered 401): a fresh token to retry with, or empty when
     * token-service confirmed the refusal or the connection is otherwise unusable (the user must reconnect).
     *
     * @throws ProviderCallException (as a failure) when token-service cannot check now (it answers 503 when the provider
     *                               cannot be asked)
     */
    public Uni<Optional<IssuedToken>> reportRejection(String connectionId) {
        forget(connectionId);
        return client.reportRejection(connectionId)
                .map(token -> Optional.of(keep(connectionId, token)))
                .onFailure(ConnectionUnusableException.class).recoverWithItem(Optional.empty());
    }

    /** Drops the connection's token (it was refreshed, revoked or refused). */
    public void forget(String connectionId) {
        cache.remove(connectionId);
    }

    private IssuedToken keep(String connectionId, IssuedToken token) {
        Instant now = clock.instant();
        Instant until = now.plus(maxAge);
        if (token.expiresAt() != null && token.expiresAt().minus(expiryMargin).isBefore(until)) {
            until = token.expiresAt().minus(expiryMargin);
        }
        if (until.isAfter(now)) {
            cache.put(connectionId, new Cached(token, until));
        }
        return token;
    }
}
