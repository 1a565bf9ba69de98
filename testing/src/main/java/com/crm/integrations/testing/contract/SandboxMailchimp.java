package com.crm.integrations.testing.contract;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The sandbox's Mailchimp Marketing API stand-in as tests drive it (sandbox/README.md, "Mailchimp Marketing API"):
 * audiences and members, member changes made as the subscriber ({@code user}), an admin ({@code admin}) or an API client
 * ({@code api}) that the stand-in posts to the audience's webhooks, campaign events, and the webhooks' state, delivery
 * log and timings. Member actions return {@code {"member", "posts":[{"type","firedAt","body","deliveries":{webhookId:
 * deliveryId}}]}}. The sandbox's base URL is the configuration's {@code integrations.identity.url}, as for
 * {@link SandboxControl}; without it, REST Assured's own base (the sandbox's own tests).
 */
public final class SandboxMailchimp {

    private static final String CONTROL = "/control/mailchimp";

    private SandboxMailchimp() {
    }

    /** The sandbox's base URL, or {@code ""} for REST Assured's base. */
    public static String url() {
        return ConfigProvider.getConfig().getOptionalValue("integrations.identity.url", String.class).orElse("");
    }

    /** The API endpoint of data centre {@code dc}: calls go to {@code <it>/3.0/…}. */
    public static String apiEndpoint(String dc) {
        return url() + "/mailchimp-api/" + dc;
    }

    /** A new API key of data centre {@code dc}, of the sandbox's default account ({@code sandbox.providers.default-account}). */
    public static String apiKey(String dc) {
        return given().contentType(ContentType.JSON).body(Map.of("dc", dc)).when().post(url() + CONTROL + "/api-keys")
                .then().statusCode(201).extract().path("key");
    }

    /** A new API key of data centre {@code dc} for {@code account}: it shares the account's connection count with its OAuth tokens. */
    public static String apiKey(String dc, String account) {
        return given().contentType(ContentType.JSON).body(Map.of("dc", dc, "account", account)).when().post(url() + CONTROL + "/api-keys")
                .then().statusCode(201).extract().path("key");
    }

    /**
     * The account's Marketing API connections: {@code {"account","limit","inFlight","peak","tooManyRequests"}}, {@code peak}
     * the most requests in flight at once since start or {@link #resetConnections()}, {@code tooManyRequests} the 429s
     * answered since then.
     */
    public static Map<String, Object> connections(String account) {
        return given().when().get(url() + CONTROL + "/accounts/{account}/connections", account).then().statusCode(200).extract().path("$");
    }

    /** The most requests of {@code account} in flight at once since start or {@link #resetConnections()} (0: none seen). */
    public static int peakConnections(String account) {
        return ((Number) connections(account).get("peak")).intValue();
    }

    /** The 429 {@code Too Many Requests} answered to {@code account} since start or {@link #resetConnections()}. */
    public static long tooManyRequests(String account) {
        return ((Number) connections(account).get("tooManyRequests")).longValue();
    }

    /** Every account's peak starts again from its requests in flight now, its 429 count from zero. */
    public static void resetConnections() {
        given().when().post(url() + CONTROL + "/connections/reset").then().statusCode(204);
    }

    /** Requests of one account in flight at once before 429 (default 10; 0: none), until {@link #reset()}. */
    public static void connectionLimit(int limit) {
        given().contentType(ContentType.JSON).body(Map.of("limit", limit)).when().put(url() + CONTROL + "/connections")
                .then().statusCode(200);
    }

    /** Forgets every audience, member, webhook, pending post and delivery log; restores the configured retry timings. */
    public static void reset() {
        given().when().post(url() + CONTROL + "/reset").then().statusCode(204);
    }

    /** A new audience in {@code dc} with merge fields FNAME and LNAME; returns its id. */
    public static String createAudience(String dc, String name) {
        return (String) createAudience(Map.of("dc", dc, "name", name)).get("id");
    }

    /** A new audience from {@code {"dc","name","id"?,"mergeFields"?,"interestCategories"?}}; returns its view, ids made included. */
    public static Map<String, Object> createAudience(Map<String, Object> audience) {
        return given().contentType(ContentType.JSON).body(audience).when().post(url() + CONTROL + "/lists")
                .then().statusCode(201).extract().path("$");
    }

    /** Adds members ({@code {"email","status"?,"mergeFields"?,"interests"?,"lastChanged"?}}) without posting; returns {@code [{"email","id","uniqueEmailId"}]}. */
    public static List<Map<String, Object>> seedMembers(String listId, List<Map<String, Object>> members) {
        return given().contentType(ContentType.JSON).body(Map.of("members", members)).when()
                .post(url() + CONTROL + "/lists/{listId}/members/seed", listId).then().statusCode(201).extract().path("members");
    }

    /** The audience's members as the API shows them, in the order they were added. */
    public static List<Map<String, Object>> members(String listId) {
        return given().when().get(url() + CONTROL + "/lists/{listId}/members", listId).then().statusCode(200).extract().path("members");
    }

    /** The member of that address as the API shows it (tags included: {@code tags: [{id, name}]}, {@code tags_count}); empty when there is none. */
    public static Optional<Map<String, Object>> member(String listId, String email) {
        Response answer = given().when().get(url() + CONTROL + "/lists/{listId}/members/{email}", listId, email);
        if (answer.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(answer.then().statusCode(200).extract().path("$"));
    }

    /**
     * A member change as another app would make it through the API: Mailchimp's {@code PUT …/members/{hash}} with
     * {@code body} (its JSON: {@code status_if_new}, {@code status}, {@code merge_fields}, …; {@code email_address} is
     * added when absent), source {@code api}, under Mailchimp's rules (compliance, re-subscribe limit, merge fields), but
     * counted in no account's connections. Returns the member; fails unless the API's answer is 200.
     */
    public static Map<String, Object> upsertMember(String listId, String email, Map<String, Object> body) {
        Map<String, Object> member = new LinkedHashMap<>(body);
        member.putIfAbsent("email_address", email);
        return given().contentType(ContentType.JSON).body(member).when().put(url() + CONTROL + "/lists/{listId}/members/{email}", listId, email)
                .then().statusCode(200).extract().path("$");
    }

    /**
     * Mailchimp's re-subscribe limit: an address may move to {@code subscribed} or {@code pending} through the API at most
     * {@code max} times (0: no limit) within {@code window} (sandbox clock), until {@link #reset()} (default 3 in 24 h).
     */
    public static void signupLimit(int max, Duration window) {
        given().contentType(ContentType.JSON).body(Map.of("max", max, "windowSeconds", window.toSeconds())).when()
                .put(url() + CONTROL + "/signup-limit").then().statusCode(200);
    }

    /** {@code source} subscribes (or re-subscribes) {@code email}; merge fields and interests may be null. */
    public static Map<String, Object> subscribe(String listId, String source, String email, Map<String, Object> mergeFields,
            Map<String, Boolean> interests) {
        return act(listId, "subscribe", body("source", source, "email", email, "mergeFields", mergeFields, "interests", interests));
    }

    /** {@code source} unsubscribes {@code email}: {@code action} unsub|delete, {@code reason} manual|abuse, {@code campaignId}; each may be null. */
    public static Map<String, Object> unsubscribe(String listId, String source, String email, String action, String reason, String campaignId) {
        return act(listId, "unsubscribe", body("source", source, "email", email, "action", action, "reason", reason, "campaignId", campaignId));
    }

    /** {@code source} changes the member's merge fields or interest groups (posts {@code profile}). */
    public static Map<String, Object> updateProfile(String listId, String source, String email, Map<String, Object> mergeFields,
            Map<String, Boolean> interests) {
        return act(listId, "profile", body("source", source, "email", email, "mergeFields", mergeFields, "interests", interests));
    }

    /** {@code source} changes the member's address (posts {@code upemail}, then {@code profile}). */
    public static Map<String, Object> changeEmail(String listId, String source, String email, String newEmail) {
        return act(listId, "change-email", body("source", source, "email", email, "newEmail", newEmail));
    }

    /** The address bounced ({@code reason} hard) or was reported (abuse); {@code campaignId} may be null. */
    public static Map<String, Object> clean(String listId, String source, String email, String reason, String campaignId) {
        return act(listId, "clean", body("source", source, "email", email, "reason", reason, "campaignId", campaignId));
    }

    /** A campaign of the audience was {@code sent} or {@code canceled} (posts {@code campaign}); {@code campaignId} may be null. */
    public static Map<String, Object> campaign(String listId, String campaignId, String subject, String status) {
        return given().contentType(ContentType.JSON).body(body("id", campaignId, "subject", subject, "status", status)).when()
                .post(url() + CONTROL + "/lists/{listId}/campaigns", listId).then().statusCode(200).extract().path("$");
    }

    /**
     * The audience's campaigns as the API shows them ({@code id}, {@code status}, {@code settings}, {@code recipients},
     * {@code emails_sent}, …), each with the {@code account} that created it ({@code null}: reported by {@link #campaign})
     * and its {@code content} ({@code {"plain_text","html",…}}), oldest first.
     */
    public static List<Map<String, Object>> campaigns(String listId) {
        return given().when().get(url() + CONTROL + "/lists/{listId}/campaigns", listId).then().statusCode(200).extract().path("campaigns");
    }

    /**
     * Marks {@code domain} verified or not for {@code account}: a campaign of the account whose reply-to address is on an
     * unverified domain cannot be sent or scheduled. Every domain is verified until marked otherwise, and after {@link #reset()}.
     */
    public static void domainVerified(String account, String domain, boolean verified) {
        given().contentType(ContentType.JSON).body(Map.of("verified", verified)).when()
                .put(url() + CONTROL + "/accounts/{account}/domains/{domain}", account, domain).then().statusCode(200);
    }

    /**
     * The pace of {@code /batches} processing until {@link #reset()}: a batch stays {@code pending} {@code startDelay},
     * then runs {@code operationsPerSecond} operations a second (defaults 1 s and 500).
     */
    public static void batchProcessing(Duration startDelay, int operationsPerSecond) {
        given().contentType(ContentType.JSON).body(Map.of("startDelayMillis", startDelay.toMillis(), "operationsPerSecond", operationsPerSecond))
                .when().put(url() + CONTROL + "/batches/processing").then().statusCode(200);
    }

    /**
     * Every {@code /batches} request, oldest first, as the API shows it ({@code id}, {@code status},
     * {@code total_operations}, {@code finished_operations}, {@code errored_operations}, {@code response_body_url}, …)
     * with its {@code dc} and {@code account}.
     */
    public static List<Map<String, Object>> batches() {
        return given().when().get(url() + CONTROL + "/batches").then().statusCode(200).extract().path("batches");
    }

    /** The audience's webhooks ({@code null}: every one): {@code [{"id","listId","dc","state","events","sources","pending"}]}. */
    public static List<Map<String, Object>> webhooks(String listId) {
        Map<String, Object> query = listId == null ? Map.of() : Map.of("listId", listId);
        return given().queryParams(query).when().get(url() + CONTROL + "/webhooks").then().statusCode(200).extract().path("webhooks");
    }

    /** The webhook's state: {@code enabled}, {@code disabled} (it answered 410) or {@code deleted}. */
    public static String webhookState(String webhookId) {
        return given().when().get(url() + CONTROL + "/webhooks/{id}/attempts", webhookId).then().statusCode(200).extract().path("state");
    }

    /** The webhook's delivery attempts, oldest first: {@code [{"seq","delivery","attempt","at","type","body","status","error","final","millis"}]}. */
    public static List<Map<String, Object>> deliveryLog(String webhookId) {
        return given().when().get(url() + CONTROL + "/webhooks/{id}/attempts", webhookId).then().statusCode(200).extract().path("attempts");
    }

    /** Waits up to {@code timeout} for the last attempt (delivered, 410 or given up) of delivery {@code deliveryId}; returns it. */
    public static Map<String, Object> awaitFinalAttempt(String webhookId, long deliveryId, Duration timeout) {
        return awaitLogged(webhookId, deliveryId, attempt -> Boolean.TRUE.equals(attempt.get("final")), timeout);
    }

    /** Waits up to {@code timeout} for attempt {@code number} (1 for the first) of delivery {@code deliveryId}; returns it. */
    public static Map<String, Object> awaitAttempt(String webhookId, long deliveryId, int number, Duration timeout) {
        return awaitLogged(webhookId, deliveryId, attempt -> ((Number) attempt.get("attempt")).intValue() == number, timeout);
    }

    /** Sets every figure of the delivery policy: each post's wait, the first retry's delay, its growth factor, the retry window. */
    public static void retryTimings(long timeoutMillis, long firstRetryMillis, double factor, long maxWindowMillis) {
        given().contentType(ContentType.JSON).body(Map.of("timeoutMillis", timeoutMillis, "firstRetryMillis", firstRetryMillis, "factor", factor,
                "maxWindowMillis", maxWindowMillis)).when().put(url() + CONTROL + "/webhooks/retry-policy").then().statusCode(200);
    }

    /** Holds every post that becomes due until {@link #resumeWebhooks()}. */
    public static void pauseWebhooks() {
        given().when().post(url() + CONTROL + "/webhooks/pause").then().statusCode(200);
    }

    /** Sends the held posts, in the order they became due. */
    public static void resumeWebhooks() {
        given().when().post(url() + CONTROL + "/webhooks/resume").then().statusCode(200);
    }

    /** Sends every post waiting for a retry now; returns how many. */
    public static int deliverNow() {
        return given().when().post(url() + CONTROL + "/webhooks/deliver-now").then().statusCode(200).extract().path("sent");
    }

    /** The delivery id of post {@code post} (0 for the first) of an action's answer at webhook {@code webhookId}. */
    public static long deliveryId(Map<String, Object> outcome, int post, String webhookId) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> posts = (List<Map<String, Object>>) outcome.get("posts");
        @SuppressWarnings("unchecked")
        Map<String, Object> deliveries = (Map<String, Object>) posts.get(post).get("deliveries");
        return ((Number) deliveries.get(webhookId)).longValue();
    }

    private static Map<String, Object> awaitLogged(String webhookId, long deliveryId, Predicate<Map<String, Object>> wanted,
            Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> deliveryLog(webhookId).stream()
                .filter(attempt -> ((Number) attempt.get("delivery")).longValue() == deliveryId && wanted.test(attempt))
                .findFirst().orElse(null), attempt -> attempt != null);
    }

    private static Map<String, Object> act(String listId, String action, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post(url() + CONTROL + "/lists/{listId}/" + action, listId)
                .then().statusCode(200).extract().path("$");
    }

    /** Name-value pairs, null values left out. */
    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                body.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return body;
    }
}
