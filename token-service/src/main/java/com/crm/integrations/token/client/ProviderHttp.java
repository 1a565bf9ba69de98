package com.crm.integrations.token.client;

import java.net.URI;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.retry.ProviderErrors;
import com.crm.integrations.common.retry.ProviderErrors.ProviderError;
import com.crm.integrations.common.retry.ProviderGuards;
import com.crm.integrations.token.ProviderDefinition;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * The HTTP side of one provider definition (or one Mailchimp data centre): a REST client per
 * endpoint URL, all behind one guard (timeout per attempt, retries that honour Retry-After, a
 * breaker) built from the definition's settings. Every failure leaves as a classified
 * {@link ProviderCallException}; a 2xx answer as an {@link Answer}.
 */
final class ProviderHttp {

    private static final TypeLiteral<Uni<Answer>> ANSWER = new TypeLiteral<>() {
    };

    /** A provider's answer: status and body (JSON for every endpoint we call). */
    record Answer(int status, String body) {
        @Override
        public String toString() {
            return "Answer[status=" + status + "]"; // bodies carry tokens
        }
    }

    private final String name;
    private final ProviderDefinition definition;
    private final TypedGuard<Uni<Answer>> guard;
    private final ConcurrentMap<String, Object> clients = new ConcurrentHashMap<>();

    ProviderHttp(String name, ProviderDefinition definition) {
        this.name = name;
        this.definition = definition;
        this.guard = ProviderGuards.build(ANSWER, breakerName(name), definition.guard());
    }

    /** Whether the breaker of the guard named after {@code name} is open (half-open lets calls through). */
    static boolean breakerOpen(String name) {
        try {
            return CircuitBreakerMaintenance.get().currentState(breakerName(name)) == CircuitBreakerState.OPEN;
        } catch (RuntimeException unknown) {
            return false; // no call built the guard yet
        }
    }

    static String breakerName(String name) {
        return "provider-" + name;
    }

    Uni<Answer> post(String operation, URI url, String authorization, MultivaluedMap<String, String> form) {
        ProviderEndpoints.FormPost client = client(url, ProviderEndpoints.FormPost.class);
        return call(operation, () -> client.post(authorization, form));
    }

    Uni<Answer> get(String operation, URI url, String authorization) {
        ProviderEndpoints.Get client = client(url, ProviderEndpoints.Get.class);
        return call(operation, () -> client.get(authorization));
    }

    Uni<Answer> tokenCheck(String operation, URI url, String token) {
        ProviderEndpoints.TokenCheck client = client(url, ProviderEndpoints.TokenCheck.class);
        return call(operation, () -> client.check(token));
    }

    private Uni<Answer> call(String operation, Supplier<Uni<Response>> request) {
        Uni<Answer> guarded;
        try {
            guarded = guard.call(() -> Uni.createFrom().<Response>deferred(request::get)
                    .onFailure().transform(failure -> ProviderCallException.unreachable(name, operation, failure))
                    .map(response -> answer(operation, response)));
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
        return guarded.onFailure(failure -> !(failure instanceof ProviderCallException))
                .transform(failure -> failure instanceof CircuitBreakerOpenException
                        ? ProviderCallException.circuitOpen(name, operation)
                        : ProviderCallException.unreachable(name, operation, failure));
    }

    private Answer answer(String operation, Response response) {
        try {
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            int status = response.getStatus();
            if (status >= 200 && status < 300) {
                return new Answer(status, body);
            }
            ProviderError error = ProviderErrors.classify(status, body, response.getHeaderString(HttpHeaders.RETRY_AFTER),
                    Instant.now());
            throw new ProviderCallException(name, operation, status, error);
        } finally {
            response.close();
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T client(URI url, Class<T> type) {
        return (T) clients.computeIfAbsent(type.getSimpleName() + ' ' + url, key -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(url)
                .connectTimeout(definition.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(definition.guard().timeout().toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .followRedirects(false)
                .build(type));
    }
}
