package com.crm.integrations.calendar.sync;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import com.crm.integrations.testing.contract.SandboxControl;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The sandbox's calendar stand-ins as a test drives them (sandbox/README.md, "Calendar control"): acting as
 * the user in the provider's own calendar, expiring sync tokens, throttling, and reading what our client sent.
 */
public record CalendarStandIn(String provider, String account) {

    public static CalendarStandIn google(String account) {
        return new CalendarStandIn("google", account);
    }

    public static CalendarStandIn microsoft(String account) {
        return new CalendarStandIn("microsoft", account);
    }

    private String base() {
        return SandboxControl.url() + "/control/calendar/" + provider + "/accounts/" + account;
    }

    /** Creates an event as the user would; answers the stored event (its {@code id}). */
    public JsonPath create(Map<String, Object> event) {
        return given().contentType(ContentType.JSON).body(event).post(base() + "/events")
                .then().statusCode(201).extract().jsonPath();
    }

    /** A timed event in {@code zone} (local start and end). */
    public String createTimed(String title, String start, String end, String zone) {
        return create(Map.of("title", title, "start", start, "end", end, "zone", zone)).getString("id");
    }

    /** {@code count} events {@code spacingMinutes} apart from {@code start}; answers their ids. */
    public List<String> seed(int count, String start, int spacingMinutes, int durationMinutes) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("count", count, "start", start, "spacingMinutes", spacingMinutes, "durationMinutes", durationMinutes,
                        "titlePrefix", "Visit"))
                .post(base() + "/events/seed").then().statusCode(201).extract().jsonPath().getList("ids", String.class);
    }

    public void edit(String eventId, Map<String, Object> changes) {
        given().contentType(ContentType.JSON).body(changes).patch(base() + "/events/" + eventId).then().statusCode(200);
    }

    public void delete(String eventId) {
        given().delete(base() + "/events/" + eventId).then().statusCode(204);
    }

    /** Cancels the occurrence of series {@code seriesId} that originally starts at {@code originalStart}. */
    public void cancelOccurrence(String seriesId, String originalStart) {
        given().delete(base() + "/events/" + seriesId + "/occurrences/" + originalStart).then().statusCode(200);
    }

    /** The account's sync tokens (Google) or delta links (Graph) are refused with 410 from now on. */
    public void expireSyncTokens() {
        given().post(base() + "/sync-tokens/expire").then().statusCode(204);
    }

    /** Answers the account's next {@code times} requests with {@code status} (and Retry-After, if given). */
    public void throttle(int status, String reason, String retryAfter, Integer times) {
        throttleAfter(0, status, reason, retryAfter, times);
    }

    /** {@link #throttle}, once {@code after} of the account's requests went through. */
    public void throttleAfter(int after, int status, String reason, String retryAfter, Integer times) {
        Map<String, Object> rule = new java.util.HashMap<>();
        rule.put("after", after);
        rule.put("status", status);
        if (reason != null) {
            rule.put("reason", reason);
        }
        if (retryAfter != null) {
            rule.put("retryAfter", retryAfter);
        }
        if (times != null) {
            rule.put("times", times);
        }
        given().contentType(ContentType.JSON).body(rule).post(base() + "/throttles").then().statusCode(201);
    }

    public void clearThrottles() {
        given().delete(base() + "/throttles").then().statusCode(204);
    }

    /** The stand-in's truth: the account's events, deleted ones included ({@code status} {@code deleted}). */
    public List<Map<String, Object>> events() {
        return given().get(base() + "/events").then().statusCode(200).extract().jsonPath().getList("events");
    }

    /** The account's event {@code id} as the stand-in holds it. */
    public Map<String, Object> event(String id) {
        return events().stream().filter(event -> id.equals(event.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("The stand-in has no event " + id));
    }

    /** The requests the stand-in received for this account. */
    public List<Map<String, Object>> requests() {
        return given().get(base() + "/requests").then().statusCode(200).extract().jsonPath().getList("requests");
    }

    /** The most requests of this account the stand-in served at once. */
    public int highestConcurrency() {
        return given().get(base() + "/concurrency").then().statusCode(200).extract().jsonPath().getInt("highest");
    }

    /** Makes {@code fraction} of the account's batched requests answer {@code status} (item-fault rule); answers its id. */
    public String itemFaults(double fraction, int status, String reason, String retryAfter, long seed) {
        Map<String, Object> rule = new java.util.HashMap<>(Map.of("fraction", fraction, "status", status, "seed", seed));
        if (reason != null) {
            rule.put("reason", reason);
        }
        if (retryAfter != null) {
            rule.put("retryAfter", retryAfter);
        }
        return given().contentType(ContentType.JSON).body(rule).post(base() + "/item-faults").then().statusCode(201).extract()
                .jsonPath().getString("id");
    }

    public void clearItemFaults() {
        given().delete(base() + "/item-faults").then().statusCode(204);
    }

    /** The number of the provider's last batch received so far (any account): pass it to {@link #batchesSince}. */
    public long lastBatch() {
        return given().get(SandboxControl.url() + "/control/calendar/" + provider + "/batches").then().statusCode(200).extract()
                .jsonPath().getLong("last");
    }

    /** This account's batches received after batch {@code since}: body, parts, status and each inner request's outcome. */
    public List<Map<String, Object>> batchesSince(long since) {
        List<Map<String, Object>> all = given().queryParam("since", since)
                .get(SandboxControl.url() + "/control/calendar/" + provider + "/batches").then().statusCode(200).extract()
                .jsonPath().getList("batches");
        return all.stream().filter(batch -> account.equals(batch.get("account"))).toList();
    }

    /** Adds a calendar to the account; answers its id. */
    public String addCalendar(String name) {
        return given().contentType(ContentType.JSON).body(Map.of("name", name, "timeZone", "UTC")).post(base() + "/calendars")
                .then().statusCode(201).extract().jsonPath().getString("id");
    }
}
