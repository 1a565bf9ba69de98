package com.crm.integrations.calendar.client;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import com.crm.integrations.calendar.config.CalendarConfig;
import com.crm.integrations.common.events.payload.CalendarProvider;
import com.crm.integrations.common.retry.HttpGuardConfig;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.retry.ProviderErrors;
import com.crm.integrations.common.retry.ProviderGuards;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The HTTP side of the calendar providers: one guard per provider (timeout per attempt, retries that
 * honour {@code Retry-After}, a breaker that counts the provider's own trouble but not one user's
 * throttling) around a Vert.x web client. Every failure leaves as a classified
 * {@link ProviderCallException}, or as {@link SyncCursorExpiredException} for an expired cursor.
 *
 * <p>
 * Written on the web client rather than a REST client interface: Graph's {@code @odata.nextLink} and
 * {@code @odata.deltaLink} are opaque URLs that must be called verbatim, and a REST client per URL would
 * build (and keep) a client for every page.
 */
@ApplicationScoped
public class CalendarHttp {

    private static final TypeLiteral<Uni<Answer>> ANSWER = new TypeLiteral<>() {
    };
    /** Google's 410 reasons and Graph's 410 code that mean the cursor is gone (Graph's case varies). */
    private static final Set<String> CURSOR_GONE = Set.of("fullsyncrequired", "updatedmintoolongago", "syncstatenotfound");

    /** The statuses of an event that is gone (404 never existed or deleted, 410 deleted). */
    public static final Set<Integer> GONE = Set.of(404, 410);

    /** A 2xx answer, or a status the caller said it expects (a 404 / 410 of an event that is gone, a 409, a 412). */
    public record Answer(int status, JsonObject body, String contentType, byte[] raw) {

        public Answer(int status, JsonObject body) {
            this(status, body, "application/json", new byte[0]);
        }

        public boolean found() {
            return status >= 200 && status < 300;
        }
    }

    private final Map<CalendarProvider, WebClient> clients = new EnumMap<>(CalendarProvider.class);
    private final Map<CalendarProvider, TypedGuard<Uni<Answer>>> guards = new EnumMap<>(CalendarProvider.class);

    public CalendarHttp(Vertx vertx, CalendarConfig config) {
        add(vertx, CalendarProvider.GOOGLE, config.google().http());
        add(vertx, CalendarProvider.MICROSOFT, config.microsoft().http());
    }

    private void add(Vertx vertx, CalendarProvider provider, HttpGuardConfig http) {
        clients.put(provider, WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) http.connectTimeout().toMillis())
                .setFollowRedirects(false)
                .setUserAgent("crm-integrations-calendar")));
        guards.put(provider, guard(provider, http));
    }

    /** The breaker's name of a provider's calls. */
    public static String breakerName(CalendarProvider provider) {
        return "calendar-" + provider.wireName();
    }

    /**
     * GETs {@code url} verbatim with the access token and {@code headers}.
     *
     * @param notFoundIsAnswer whether a 404 or 410 is an answer (an event that is gone) rather than a failure
     */
    public Uni<Answer> get(CalendarProvider provider, String operation, String url, String accessToken,
            Map<String, String> headers, boolean notFoundIsAnswer) {
        return send(provider, operation, HttpMethod.GET, url, accessToken, headers, null,
                notFoundIsAnswer ? GONE : Set.of());
    }

    /**
     * Sends a write ({@code POST}, {@code PATCH}, {@code DELETE}) with a JSON body, or none. The guard retries it
     * after a timeout or a 5xx like any call: every write we send is safe to repeat (a create carries its own id
     * or {@code transactionId}, an update and a delete their {@code If-Match}), and the caller reads what a
     * repeat answers ({@code answers}: e.g. 409 for a create already done, 412 for an update whose first try
     * landed) rather than failing on it.
     *
     * @param answers the non-2xx statuses that are answers for the caller to read, not failures
     */
    public Uni<Answer> send(CalendarProvider provider, String operation, HttpMethod method, String url, String accessToken,
            Map<String, String> headers, JsonObject body, Set<Integer> answers) {
        return call(provider, operation, () -> {
            HttpRequest<Buffer> request = clients.get(provider).requestAbs(method, url).bearerTokenAuthentication(accessToken)
                    .putHeader("Accept", "application/json");
            headers.forEach(request::putHeader);
            return body == null ? request.send() : request.sendJsonObject(body);
        }, answers);
    }

    /**
     * POSTs a batch: {@code body} of {@code contentType} to {@code url}, the answer kept raw (a Google batch answers
     * {@code multipart/mixed}). Safe to repeat like every write we send, so the guard retries it whole.
     *
     * @param answers the non-2xx outer statuses that still carry the calls' answers (Graph may answer 424)
     */
    public Uni<Answer> batch(CalendarProvider provider, String url, String accessToken, Map<String, String> headers,
            String contentType, Buffer body, Set<Integer> answers) {
        return call(provider, "batch", () -> {
            HttpRequest<Buffer> request = clients.get(provider).postAbs(url).bearerTokenAuthentication(accessToken)
                    .putHeader("Content-Type", contentType);
            headers.forEach(request::putHeader);
            return request.sendBuffer(body);
        }, answers);
    }

    @PreDestroy
    void close() {
        clients.values().forEach(WebClient::close);
    }

    private Uni<Answer> call(CalendarProvider provider, String operation, Supplier<Uni<HttpResponse<Buffer>>> request,
            Set<Integer> answers) {
        String name = provider.wireName();
        Uni<Answer> guarded;
        try {
            guarded = guards.get(provider).call(() -> Uni.createFrom().deferred(request::get)
                    .onFailure().transform(failure -> ProviderCallException.unreachable(name, operation, failure))
                    .map(response -> answer(name, operation, response, answers)));
        } catch (Exception unguarded) {
            return Uni.createFrom().failure(unguarded);
        }
        return guarded.onFailure(failure -> !(failure instanceof ProviderCallException || failure instanceof SyncCursorExpiredException))
                .transform(failure -> failure instanceof CircuitBreakerOpenException
                        ? ProviderCallException.circuitOpen(name, operation)
                        : ProviderCallException.unreachable(name, operation, failure));
    }

    private static Answer answer(String provider, String operation, HttpResponse<Buffer> response, Set<Integer> answers) {
        int status = response.statusCode();
        String contentType = response.getHeader("Content-Type");
        if ((status >= 200 && status < 300) || answers.contains(status)) {
            Buffer body = response.body();
            byte[] raw = body == null ? new byte[0] : body.getBytes();
            boolean json = contentType == null || contentType.toLowerCase().contains("json");
            JsonObject parsed;
            if (!json || raw.length == 0) {
                parsed = new JsonObject();
            } else if (status >= 200 && status < 300) {
                parsed = body.toJsonObject(); // a 2xx that is not the JSON it says fails the call, as before
            } else {
                parsed = jsonOrEmpty(body.toString());
            }
            return new Answer(status, parsed, contentType, raw);
        }
        String body = response.bodyAsString();
        ProviderErrors.ProviderError error = ProviderErrors.classify(status, body, response.getHeader("Retry-After"), Instant.now());
        if (status == 410 && error.providerCode() != null && CURSOR_GONE.contains(error.providerCode().toLowerCase())) {
            throw new SyncCursorExpiredException(provider, error.providerCode());
        }
        throw new ProviderCallException(provider, operation, status, error);
    }

    private static JsonObject jsonOrEmpty(String body) {
        if (body == null || body.isBlank()) {
            return new JsonObject();
        }
        try {
            return new JsonObject(body);
        } catch (RuntimeException notJson) {
            return new JsonObject();
        }
    }

    private static TypedGuard<Uni<Answer>> guard(CalendarProvider provider, HttpGuardConfig http) {
        return ProviderGuards.build(ANSWER, breakerName(provider), http.guard(), ProviderGuards::providerInTrouble);
    }
}
