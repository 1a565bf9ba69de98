package com.crm.integrations.mailchimp.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.retry.ProviderErrors;
import com.crm.integrations.common.retry.ProviderGuards;
import com.crm.integrations.common.tokens.AccessTokens;
import com.crm.integrations.common.tokens.ConnectionUnusableException;
import com.crm.integrations.common.tokens.IssuedToken;
import com.crm.integrations.mailchimp.config.MailchimpConfig;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The calls to Mailchimp's Marketing API this part needs (PROVIDERS.md §5, §6.1), at {@code {apiEndpoint}/3.0/…} of the
 * connection's data centre with the token token-service hands out. One guard for every account (timeout, retries of
 * 5xx and timeouts, a breaker for Mailchimp's own trouble). A 401 goes back to token-service as a rejection report:
 * with a fresh token the call is tried once more; confirmed, it fails as {@link MailchimpRejectedException}.
 *
 * <p>
 * On the web client rather than a REST client interface: the base URL is each account's data centre, and a REST client
 * per data centre would be built (and kept) per account.
 */
@ApplicationScoped
public class MailchimpApi {

    /** The breaker's and the error taxonomy's name. */
    public static final String PROVIDER = "mailchimp";

    private static final TypeLiteral<Uni<Answer>> ANSWER = new TypeLiteral<>() {
    };

    /** An answer: a 2xx, or a status the caller said it expects (a 404). */
    record Answer(int status, JsonObject body) {
    }

    /** The webhook Mailchimp registered. */
    public record Webhook(String id) {
    }

    /** An audience (list). */
    public record Audience(String id, String name, long memberCount) {
    }

    /** A page of members, and how many the audience has in all. */
    public record MembersPage(List<JsonObject> members, long totalItems) {
    }

    private final WebClient client;
    private final TypedGuard<Uni<Answer>> guard;
    private final AccessTokens tokens;

    public MailchimpApi(Vertx vertx, MailchimpConfig config, AccessTokens tokens) {
        this.tokens = tokens;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.api().http().connectTimeout().toMillis())
                .setFollowRedirects(false)
                .setUserAgent("crm-integrations-mailchimp"));
        this.guard = ProviderGuards.build(ANSWER, PROVIDER, config.api().http().guard(), ProviderGuards::providerInTrouble);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The audience, or empty when the account has none of that id. */
    public Uni<Optional<Audience>> audience(String connectionId, String audienceId) {
        return call(connectionId, "get-audience", HttpMethod.GET, "/lists/" + audienceId, null, Set.of(404))
                .map(answer -> answer.status() == 404 ? Optional.<Audience>empty()
                        : Optional.of(new Audience(answer.body().getString("id"), answer.body().getString("name"),
                                answer.body().getJsonObject("stats", new JsonObject()).getLong("member_count", 0L))));
    }

    /** A page of the audience's members, in Mailchimp's order. */
    public Uni<MembersPage> members(String connectionId, String audienceId, int offset, int count) {
        return call(connectionId, "list-members", HttpMethod.GET,
                "/lists/" + audienceId + "/members?offset=" + offset + "&count=" + count, null, Set.of())
                .map(answer -> {
                    JsonArray members = answer.body().getJsonArray("members", new JsonArray());
                    List<JsonObject> page = new ArrayList<>(members.size());
                    for (int i = 0; i < members.size(); i++) {
                        page.add(members.getJsonObject(i));
                    }
                    return new MembersPage(page, answer.body().getLong("total_items", 0L));
                });
    }

    /**
     * Registers our webhook for the six events, sources user and admin but not api (our own writes must not echo).
     * Mailchimp checks the URL with a GET before it answers.
     */
    public Uni<Webhook> createWebhook(String connectionId, String audienceId, String url) {
        JsonObject body = new JsonObject().put("url", url)
                .put("events", new JsonObject().put("subscribe", true).put("unsubscribe", true).put("profile", true)
                        .put("cleaned", true).put("upemail", true).put("campaign", true))
                .put("sources", new JsonObject().put("user", true).put("admin", true).put("api", false));
        return call(connectionId, "create-webhook", HttpMethod.POST, "/lists/" + audienceId + "/webhooks", body, Set.of())
                .map(answer -> new Webhook(answer.body().getString("id")));
    }

    /** Moves the webhook to a new URL (a secret rotation); Mailchimp checks the new URL with a GET. */
    public Uni<Void> moveWebhook(String connectionId, String audienceId, String webhookId, String url) {
        return call(connectionId, "move-webhook", HttpMethod.PATCH, "/lists/" + audienceId + "/webhooks/" + webhookId,
                new JsonObject().put("url", url), Set.of()).replaceWithVoid();
    }

    /** Removes the webhook; false when Mailchimp had none of that id (already removed). */
    public Uni<Boolean> deleteWebhook(String connectionId, String audienceId, String webhookId) {
        return call(connectionId, "delete-webhook", HttpMethod.DELETE, "/lists/" + audienceId + "/webhooks/" + webhookId, null,
                Set.of(404)).map(answer -> answer.status() != 404);
    }

    private Uni<Answer> call(String connectionId, String operation, HttpMethod method, String path, JsonObject body,
            Set<Integer> answers) {
        Function<IssuedToken, Uni<Answer>> send = token -> guarded(operation, () -> request(method, token, path, body), answers);
        return token(connectionId).chain(token -> send.apply(token)
                .onFailure(MailchimpApi::refused).recoverWithUni(refused -> tokens.reportRejection(connectionId)
                        .chain(fresh -> fresh.isPresent() ? send.apply(fresh.get())
                                : Uni.createFrom().failure(new MailchimpRejectedException(
                                        "Mailchimp refuses the connection's credentials: reconnect it")))));
    }

    private Uni<IssuedToken> token(String connectionId) {
        return tokens.issuedToken(connectionId)
                .onFailure(ConnectionUnusableException.class).transform(unusable -> new MailchimpRejectedException(
                        "the Mailchimp connection cannot be used until it is reconnected"))
                .invoke(token -> {
                    if (token.apiEndpoint() == null) {
                        throw new MailchimpRejectedException("the connection names no Mailchimp data centre");
                    }
                });
    }

    private Uni<HttpResponse<Buffer>> request(HttpMethod method, IssuedToken token, String path, JsonObject body) {
        HttpRequest<Buffer> request = client.requestAbs(method, token.apiEndpoint() + "/3.0" + path)
                .bearerTokenAuthentication(token.accessToken()).putHeader("Accept", "application/json");
        return body == null ? request.send() : request.sendJsonObject(body);
    }

    private Uni<Answer> guarded(String operation, Supplier<Uni<HttpResponse<Buffer>>> request, Set<Integer> answers) {
        Uni<Answer> guarded;
        try {
            guarded = guard.call(() -> Uni.createFrom().deferred(request::get)
                    .onFailure().transform(failure -> ProviderCallException.unreachable(PROVIDER, operation, failure))
                    .map(response -> answer(operation, response, answers)));
        } catch (Exception unguarded) {
            return Uni.createFrom().failure(unguarded);
        }
        return guarded.onFailure(failure -> !(failure instanceof ProviderCallException))
                .transform(failure -> failure instanceof CircuitBreakerOpenException
                        ? ProviderCallException.circuitOpen(PROVIDER, operation)
                        : ProviderCallException.unreachable(PROVIDER, operation, failure));
    }

    private static Answer answer(String operation, HttpResponse<Buffer> response, Set<Integer> answers) {
        int status = response.statusCode();
        if ((status >= 200 && status < 300) || answers.contains(status)) {
            Buffer body = response.body();
            JsonObject json = new JsonObject();
            if (body != null && body.length() > 0 && status >= 200 && status < 300) {
                json = body.toJsonObject();
            }
            return new Answer(status, json);
        }
        ProviderErrors.ProviderError error = ProviderErrors.classify(status, response.bodyAsString(),
                response.getHeader("Retry-After"), Instant.now());
        throw new ProviderCallException(PROVIDER, operation, status, error);
    }

    private static boolean refused(Throwable failure) {
        return failure instanceof ProviderCallException call && call.status() == 401;
    }
}
