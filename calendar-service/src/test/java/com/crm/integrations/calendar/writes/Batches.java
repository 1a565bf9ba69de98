package com.crm.integrations.calendar.writes;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.awaitility.core.ConditionTimeoutException;

import com.crm.integrations.calendar.sync.CalendarStandIn;
import com.crm.integrations.testing.contract.TestUser;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Batch jobs as a test drives them: {@code POST /calendar/batches} and reading the job back. */
public final class Batches {

    static final Duration WAIT = Duration.ofSeconds(90);

    private Batches() {
    }

    /** {@code POST /calendar/batches} as the user, with an Idempotency-Key when given. */
    public static Response submit(TestUser user, String key, Map<String, Object> body) {
        var request = given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post("/calendar/batches");
    }

    /** Submits and answers the new job's id (202). */
    public static UUID start(TestUser user, Map<String, Object> body) {
        Response response = submit(user, null, body);
        response.then().statusCode(202);
        return UUID.fromString(response.jsonPath().getString("id"));
    }

    /** A job body: the operation and its items (the link: the user's only one). */
    public static Map<String, Object> job(String operation, List<Map<String, Object>> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operation", operation);
        body.put("items", items);
        return body;
    }

    /** {@code count} creates of activities {@code prefix-0}…, an hour each, from tomorrow on. */
    public static List<Map<String, Object>> creates(String prefix, int count) {
        List<Map<String, Object>> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String day = GoogleWritesTest.at(1 + i / 20, String.format("%02d:%02d", 6 + (i % 20) / 2, (i % 2) * 30));
            String end = day.replace(":00:00Z", ":20:00Z").replace(":30:00Z", ":50:00Z");
            items.add(Map.of("crmEventId", prefix + "-" + i, "event", Commands.timed("Visit " + i, day, end)));
        }
        return items;
    }

    /** The user's jobs. */
    public static List<Map<String, Object>> list(TestUser user) {
        return given().auth().oauth2(user.token()).get("/calendar/batches").then().statusCode(200).extract().jsonPath().getList("$");
    }

    public static JsonPath get(TestUser user, UUID id) {
        return given().auth().oauth2(user.token()).get("/calendar/batches/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** The job's items of {@code status} (all pages). */
    public static List<Map<String, Object>> items(TestUser user, UUID id, String status) {
        List<Map<String, Object>> all = new ArrayList<>();
        String next = "/calendar/batches/" + id + "/items?limit=1000" + (status == null ? "" : "&status=" + status);
        while (next != null) {
            JsonPath page = given().auth().oauth2(user.token()).get(next).then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items"));
            next = page.getString("next");
        }
        return all;
    }

    /** Waits until the job is in {@code state}; answers it. */
    public static JsonPath awaitState(TestUser user, UUID id, String state) {
        return awaitState(user, id, state, WAIT);
    }

    /** Waits at most {@code wait} until the job is in {@code state}; answers it. */
    public static JsonPath awaitState(TestUser user, UUID id, String state, Duration wait) {
        try {
            return await().atMost(wait).pollInterval(Duration.ofMillis(200)).until(() -> get(user, id),
                    job -> state.equals(job.getString("state")));
        } catch (ConditionTimeoutException timeout) {
            throw new AssertionError("Batch " + id + " did not reach " + state + ": " + get(user, id).prettify(), timeout);
        }
    }

    /** Connects the user's account at the stand-in and waits for its link's first sync; answers the link. */
    public static UUID linked(TestUser user, CalendarStandIn standIn) {
        return GoogleWritesTest.linked(user, standIn);
    }

    /** The account's events at the stand-in that are not deleted. */
    public static List<Map<String, Object>> liveEvents(CalendarStandIn standIn) {
        return standIn.events().stream().filter(event -> !"deleted".equals(event.get("status"))).toList();
    }

    /**
     * How many different CRM activities the account's live events stand for (Google: the CRM id in the private property;
     * Graph: the transactionId, our key of the activity): equal to their number when none is doubled.
     */
    @SuppressWarnings("unchecked")
    public static int distinctActivities(CalendarStandIn standIn) {
        Set<Object> activities = new HashSet<>();
        liveEvents(standIn).forEach(event -> activities.add("google".equals(standIn.provider())
                ? ((Map<String, Object>) event.get("privateProperties")).get("crmId")
                : event.get("transactionId")));
        activities.remove(null);
        return activities.size();
    }
}
