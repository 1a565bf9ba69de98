package com.crm.integrations.common.tokens;

import java.time.Clock;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.retry.ProviderErrors;
import com.crm.integrations.common.retry.ProviderGuards;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * token-service's internal API for the services that call it (calendar-service, mailchimp-service), with the service's
 * own client-credentials token, behind one guard ({@code integrations.token-service.http.*}, breaker
 * {@code token-service}). Each answer is classified once: 2xx is the answer; 404 and 409 are
 * {@link ConnectionUnusableException} (an outcome, not a failure of token-service: not retried, not counted by the
 * breaker); anything else, or no answer, a {@link ProviderCallException} whose provider is {@code token-service}
 * (5xx and timeouts transient, retried; a 401 or 403 of the service's own token {@code auth}). Access tokens are had
 * through {@link AccessTokens}, which keeps them.
 */
@Singleton
public class TokenServiceClient {

    /** The name calls and their breaker go by: {@link ProviderCallException#provider()} of token-service's failures. */
    public static final String SERVICE = "token-service";

    private static final TypeLiteral<Uni<Response>> RESPONSE = new TypeLiteral<>() {
    };

    private final TokenServiceApi api;
    private final Clock clock;
    private final TypedGuard<Uni<Response>> guard;

    public TokenServiceClient(@RestClient TokenServiceApi api, TokenServiceClientConfig config, Clock clock) {
        this.api = api;
        this.clock = clock;
        this.guard = ProviderGuards.build(RESPONSE, SERVICE, config.http().guard());
    }

    /**
     * The connection's facts, read at once from token-service's store (never cached): whose it is, its provider, kind
     * and status.
     *
     * @throws ConnectionUnusableException (as a failure, {@link ConnectionUnusableException#gone()}) when token-service
     *                                     has no such connection
     * @throws ProviderCallException (as a failure) when token-service cannot answer now
     */
    public Uni<ConnectionFacts> connection(String connectionId) {
        return call("connection", () -> api.connection(connectionId)).map(response -> response.readEntity(ConnectionFacts.class));
    }

    /** A current access token, not kept: {@link AccessTokens#issuedToken} keeps it. */
    Uni<IssuedToken> accessToken(String connectionId) {
        return call("access-token", () -> api.accessToken(connectionId)).map(TokenServiceClient::issued);
    }

    /** Reports the provider's refusal of the token: a token to retry with, or {@link ConnectionUnusableException}. */
    Uni<IssuedToken> reportRejection(String connectionId) {
        return call("rejection", () -> api.reportRejection(connectionId)).map(TokenServiceClient::issued);
    }

    private static IssuedToken issued(Response response) {
        TokenServiceApi.Token token = response.readEntity(TokenServiceApi.Token.class);
        return new IssuedToken(token.accessToken(), token.expiresAt(), token.apiEndpoint());
    }

    /** One guarded call: 2xx is the answer; 404 and 409 are {@link ConnectionUnusableException}; the rest is classified. */
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
            String detail = new JsonObject(problem).getString("detail");
            if (detail != null) {
                return detail;
            }
        } catch (RuntimeException notJson) {
            // fall through
        }
        return status == 404 ? "token-service has no such connection" : "token-service hands out no token for the connection";
    }
}
