package com.crm.integrations.calendar.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.retry.ProviderErrors;
import com.crm.integrations.common.retry.ProviderGuards;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * Access tokens for calendar calls, from token-service's internal API. calendar-service holds no token
 * beyond memory: each is kept at most {@code max-age} (60 s) and never past {@code expiry-margin} before
 * it expires, because a consumer group shares {@code token.refreshed} among replicas and no cache here
 * can count on seeing every refresh. A provider's 401 goes back to token-service as a rejection report,
 * whose answer is either a fresh token or the confirmation that the user must reconnect.
 */
@ApplicationScoped
public class AccessTokens {

    private static final TypeLiteral<Uni<Response>> RESPONSE = new TypeLiteral<>() {
    };
    private static final String SERVICE = "token-service";

    private record Cached(String token, Instant until) {
    }

    private final TokenServiceApi api;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration expiryMargin;
    private final TypedGuard<Uni<Response>> guard;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public AccessTokens(@RestClient TokenServiceApi api, CalendarConfig config, Clock clock) {
        this.api = api;
        this.clock = clock;
        this.maxAge = config.accessTokens().maxAge();
        this.expiryMargin = config.accessTokens().expiryMargin();
        this.guard = ProviderGuards.build(RESPONSE, SERVICE, config.accessTokens().http().guard());
    }

    /**
     * A current access token for the connection.
     *
     * @throws ConnectionUnusableException (as a failure) when token-service hands out none until someone acts
     * @throws ProviderCallException (as a failure, category transient) when token-service cannot answer now
     */
    public Uni<String> token(String connectionId) {
        Cached cached = cache.get(connectionId);
        if (cached != null && clock.instant().isBefore(cached.until())) {
            return Uni.createFrom().item(cached.token());
        }
        return call("access-token", () -> api.accessToken(connectionId))
                .map(response -> keep(connectionId, response));
    }

    /**
     * Tells token-service that the provider refused the token: a fresh token to retry with, or empty
     * when token-service confirmed the refusal (the user must reconnect).
     */
    public Uni<Optional<String>> reportRejection(String connectionId) {
        forget(connectionId);
        return call("rejection", () -> api.reportRejection(connectionId))
                .map(response -> Optional.of(keep(connectionId, response)))
                .onFailure(ConnectionUnusableException.class).recoverWithItem(Optional.empty());
    }

    /** Drops the connection's token (it was refreshed, revoked or refused). */
    public void forget(String connectionId) {
        cache.remove(connectionId);
    }

    private String keep(String connectionId, Response response) {
        TokenServiceApi.Token token = response.readEntity(TokenServiceApi.Token.class);
        Instant now = clock.instant();
        Instant until = now.plus(maxAge);
        if (token.expiresAt() != null && token.expiresAt().minus(expiryMargin).isBefore(until)) {
            until = token.expiresAt().minus(expiryMargin);
        }
        if (until.isAfter(now)) {
            cache.put(connectionId, new Cached(token.accessToken(), until));
        }
        return token.accessToken();
    }

    /** One guarded call: 2xx is the answer; 404 and 409 are {@link ConnectionUnusableException}; the rest is transient. */
    private Uni<Response> call(String operation, Supplier<Uni<Response>> request) {
        Uni<Response> guarded;
        try {
            guarded = guard.call(() -> Uni.createFrom().deferred(request::get)
                    .onFailure(WebApplicationException.class).recoverWithItem(failure -> ((WebApplicationException) failure).getResponse())
                    .onFailure(failure -> !(failure instanceof ProviderCallException))
                    .transform(failure -> ProviderCallException.unreachable(SERVICE, operation, failure))
                    .map(response -> answer(operation, response)));
        } catch (Exception unguarded) {
            return Uni.createFrom().failure(unguarded);
        }
        return guarded.onFailure(CircuitBreakerOpenException.class)
                .transform(open -> ProviderCallException.circuitOpen(SERVICE, operation));
    }

    private Response answer(String operation, Response response) {
        int status = response.getStatus();
        if (status >= 200 && status < 300) {
            return response;
        }
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        if (status == 404 || status == 409) {
            throw new ConnectionUnusableException(detailOf(body, status), status == 404);
        }
        ProviderErrors.ProviderError error = ProviderErrors.classify(status, body, response.getHeaderString("Retry-After"),
                clock.instant());
        throw new ProviderCallException(SERVICE, operation, status, error);
    }

    private static String detailOf(String problem, int status) {
        try {
            String detail = new io.vertx.core.json.JsonObject(problem).getString("detail");
            if (detail != null) {
                return detail;
            }
        } catch (RuntimeException notJson) {
            // fall through
        }
        return status == 404 ? "token-service has no such connection" : "token-service hands out no token for the connection";
    }
}
