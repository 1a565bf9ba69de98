package com.crm.integrations.mailchimp.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import com.crm.integrations.common.retry.FailureCategory;
import com.crm.integrations.common.retry.ProviderCallException;
import com.crm.integrations.common.retry.ProviderErrors;
import com.crm.integrations.common.retry.ProviderGuards;
import com.crm.integrations.common.slots.CallPermits;
import com.crm.integrations.common.tokens.AccessTokens;
import com.crm.integrations.common.tokens.ConnectionUnusableException;
import com.crm.integrations.common.tokens.IssuedToken;
import com.crm.integrations.mailchimp.config.MailchimpConfig;
import com.crm.integrations.mailchimp.repository.AccountRows;

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
 * 5xx and timeouts, a breaker for Mailchimp's own trouble: never opened by throttling). Each attempt holds one of its
 * account's connections ({@link CallPermits}, across replicas: Mailchimp allows 10 per account, shared with its other
 * apps, and we take at most {@code connections-per-account}); a 429 holds the account back ({@link AccountRows}), which
 * the command worker honours. A 401 goes back to token-service as a rejection report: with a fresh token the call is
 * tried once more; confirmed, it fails as {@link MailchimpRejectedException}.
 *
 * <p>
 * On the web client rather than a REST client interface: the base URL is each account's data centre, and a REST client
 * per data centre would be built (and kept) per account.
 */
@ApplicationScoped
public class MailchimpApi {

    /** The breaker's and the error taxonomy's name. */
    public static final String PROVIDER = "mailchimp";

    /** The longest an account is held back after 429s in a row. */
    private static final Duration MAX_THROTTLE_WAIT = Duration.ofMinutes(5);
    private static final TypeLiteral<Uni<Answer>> ANSWER = new TypeLiteral<>() {
    };

    /** An answer: a 2xx, or a status the caller said it expects (a 404, a 400 it reads the reasons of). */
    public record Answer(int status, JsonObject body) {

        /** Whether Mailchimp did what was asked. */
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** What Mailchimp said when it refused: its problem details. */
        public Refusal refusal() {
            return Refusal.of(status, body);
        }
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
    private final MailchimpAccounts accounts;
    private final CallPermits permits;
    private final AccountRows throttles;
    private final MailchimpConfig.Api config;
    private final Clock clock;
    /** Accounts this replica held back after a 429, until one of its calls to them succeeds (then the hold is cleared). */
    private final Set<String> heldBack = ConcurrentHashMap.newKeySet();
    /** A connection's lease outlives the longest call the guard lets run. */
    private final Duration connectionLease;

    public MailchimpApi(Vertx vertx, MailchimpConfig config, AccessTokens tokens, MailchimpAccounts accounts, CallPermits permits,
            AccountRows throttles, Clock clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.permits = permits;
        this.throttles = throttles;
        this.config = config.api();
        this.clock = clock;
        this.connectionLease = config.api().http().timeout().plusSeconds(30);
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
                .map(answer -> new MembersPage(objects(answer.body().getJsonArray("members")), answer.body().getLong("total_items", 0L)));
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

    /**
     * Adds or updates a member ({@code PUT /lists/{id}/members/{hash}}): the member as Mailchimp holds it afterwards, or a
     * 400 refusal (compliance state, invalid fields, …) as the answer.
     */
    public Uni<Answer> putMember(String connectionId, String audienceId, String subscriberHash, JsonObject member) {
        return call(connectionId, "put-member", HttpMethod.PUT, "/lists/" + audienceId + "/members/" + subscriberHash, member,
                Set.of(400));
    }

    /** Adds and removes tags of a member ({@code POST …/tags}, 204); a 404 (no such member) or 400 as the answer. */
    public Uni<Answer> setTags(String connectionId, String audienceId, String subscriberHash, JsonArray tags) {
        return call(connectionId, "set-tags", HttpMethod.POST, "/lists/" + audienceId + "/members/" + subscriberHash + "/tags",
                new JsonObject().put("tags", tags).put("is_syncing", false), Set.of(400, 404));
    }

    /**
     * Batch subscribe ({@code POST /lists/{id}}, at most 500 members, {@code update_existing}): new members, updated
     * members and per-member errors; a member refused never fails the call.
     */
    public Uni<JsonObject> batchSubscribe(String connectionId, String audienceId, JsonArray members) {
        return call(connectionId, "batch-subscribe", HttpMethod.POST, "/lists/" + audienceId,
                new JsonObject().put("members", members).put("update_existing", true), Set.of()).map(Answer::body);
    }

    /** Starts asynchronous batch operations ({@code POST /batches}): the batch as Mailchimp describes it. */
    public Uni<JsonObject> startBatch(String connectionId, JsonArray operations) {
        return call(connectionId, "start-batch", HttpMethod.POST, "/batches", new JsonObject().put("operations", operations),
                Set.of()).map(Answer::body);
    }

    /** Where an asynchronous batch stands ({@code GET /batches/{id}}). */
    public Uni<JsonObject> batch(String connectionId, String batchId) {
        return call(connectionId, "get-batch", HttpMethod.GET, "/batches/" + batchId, null, Set.of()).map(Answer::body);
    }

    /**
     * A finished batch's results: the {@code .tar.gz} at its pre-signed {@code response_body_url} (no credentials, and
     * not the Marketing API: it holds none of the account's connections).
     */
    public Uni<Buffer> batchResults(String url) {
        return Uni.createFrom().deferred(() -> client.getAbs(url).send())
                .onFailure().transform(failure -> ProviderCallException.unreachable(PROVIDER, "batch-results", failure))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new ProviderCallException(PROVIDER, "batch-results", response.statusCode(),
                                ProviderErrors.classify(response.statusCode(), null, null, Instant.now()));
                    }
                    return response.body() == null ? Buffer.buffer() : response.body();
                });
    }

    /** Creates a campaign ({@code POST /campaigns}); a 400 (an unknown audience, …) as the answer. */
    public Uni<Answer> createCampaign(String connectionId, JsonObject campaign) {
        return call(connectionId, "create-campaign", HttpMethod.POST, "/campaigns", campaign, Set.of(400));
    }

    /** The campaign, or a 404 answer. */
    public Uni<Answer> campaign(String connectionId, String campaignId) {
        return call(connectionId, "get-campaign", HttpMethod.GET, "/campaigns/" + campaignId, null, Set.of(404));
    }

    /** The audience's campaigns created since {@code since}, newest Mailchimp lists first (at most 100). */
    public Uni<List<JsonObject>> campaignsSince(String connectionId, String audienceId, Instant since) {
        return call(connectionId, "list-campaigns", HttpMethod.GET, "/campaigns?list_id=" + audienceId + "&since_create_time="
                + since + "&count=100", null, Set.of()).map(answer -> objects(answer.body().getJsonArray("campaigns")));
    }

    /** Sets the campaign's content ({@code PUT /campaigns/{id}/content}); a 400 or 404 as the answer. */
    public Uni<Answer> setContent(String connectionId, String campaignId, JsonObject content) {
        return call(connectionId, "set-content", HttpMethod.PUT, "/campaigns/" + campaignId + "/content", content, Set.of(400, 404));
    }

    /** Sends the campaign ({@code …/actions/send}, 204); a 400 (not ready, already sent) or 404 as the answer. */
    public Uni<Answer> send(String connectionId, String campaignId) {
        return call(connectionId, "send-campaign", HttpMethod.POST, "/campaigns/" + campaignId + "/actions/send", null,
                Set.of(400, 404));
    }

    /** Schedules the campaign ({@code …/actions/schedule}, 204); a 400 or 404 as the answer. */
    public Uni<Answer> schedule(String connectionId, String campaignId, Instant at) {
        return call(connectionId, "schedule-campaign", HttpMethod.POST, "/campaigns/" + campaignId + "/actions/schedule",
                new JsonObject().put("schedule_time", at.toString()), Set.of(400, 404));
    }

    /** Takes a scheduled campaign back to a draft ({@code …/actions/unschedule}, 204); a 400 or 404 as the answer. */
    public Uni<Answer> unschedule(String connectionId, String campaignId) {
        return call(connectionId, "unschedule-campaign", HttpMethod.POST, "/campaigns/" + campaignId + "/actions/unschedule",
                null, Set.of(400, 404));
    }

    /** The campaign's send checklist ({@code GET /campaigns/{id}/send-checklist}). */
    public Uni<JsonObject> sendChecklist(String connectionId, String campaignId) {
        return call(connectionId, "send-checklist", HttpMethod.GET, "/campaigns/" + campaignId + "/send-checklist", null, Set.of())
                .map(Answer::body);
    }

    /** A page of the members whose {@code last_changed} is after {@code since}. */
    public Uni<MembersPage> membersChangedSince(String connectionId, String audienceId, Instant since, int offset, int count) {
        return call(connectionId, "list-changed-members", HttpMethod.GET, "/lists/" + audienceId + "/members?since_last_changed="
                + since + "&offset=" + offset + "&count=" + count, null, Set.of())
                .map(answer -> new MembersPage(objects(answer.body().getJsonArray("members")), answer.body().getLong("total_items", 0L)));
    }

    private static List<JsonObject> objects(JsonArray array) {
        List<JsonObject> objects = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                objects.add(array.getJsonObject(i));
            }
        }
        return objects;
    }

    private Uni<Answer> call(String connectionId, String operation, HttpMethod method, String path, JsonObject body,
            Set<Integer> answers) {
        return accounts.keyOf(connectionId).chain(account -> {
            Function<IssuedToken, Uni<Answer>> send = token -> guarded(operation,
                    () -> permits.run(account, config.connectionsPerAccount(), connectionLease, config.connectionWait(),
                            () -> request(method, token, path, body)),
                    answers)
                    .onFailure(MailchimpApi::throttled).call(throttled -> throttles
                            .throttle(account, clock.instant(), config.throttleWait(), MAX_THROTTLE_WAIT)
                            .invoke(() -> heldBack.add(account))
                            .onFailure().recoverWithNull())
                    .call(answered -> heldBack.remove(account) ? throttles.cleared(account).onFailure().recoverWithNull()
                            : Uni.createFrom().voidItem());
            return token(connectionId).chain(token -> send.apply(token)
                    .onFailure(MailchimpApi::refused).recoverWithUni(refused -> tokens.reportRejection(connectionId)
                            .chain(fresh -> fresh.isPresent() ? send.apply(fresh.get())
                                    : Uni.createFrom().failure(new MailchimpRejectedException(
                                            "Mailchimp refuses the connection's credentials: reconnect it")))));
        });
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
            if (body != null && body.length() > 0) {
                try {
                    json = body.toJsonObject();
                } catch (RuntimeException notJson) {
                    json = new JsonObject(); // an expected refusal without problem details: its status says enough
                }
            }
            return new Answer(status, json);
        }
        ProviderErrors.ProviderError error = ProviderErrors.classify(status, response.bodyAsString(),
                response.getHeader("Retry-After"), Instant.now());
        throw new ProviderCallException(PROVIDER, operation, status, error);
    }

    private static boolean throttled(Throwable failure) {
        return failure instanceof ProviderCallException call && call.category() == FailureCategory.RATE_LIMIT;
    }

    private static boolean refused(Throwable failure) {
        return failure instanceof ProviderCallException call && call.status() == 401;
    }
}
