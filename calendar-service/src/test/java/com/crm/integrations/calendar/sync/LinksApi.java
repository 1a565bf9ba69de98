package com.crm.integrations.calendar.sync;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.crm.integrations.testing.contract.TestUser;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** calendar-service's link and sync-run API as a test calls it, as a given user. */
public final class LinksApi {

    public static final Duration WAIT = Duration.ofSeconds(30);

    private LinksApi() {
    }

    /** Waits until the user's connection has its link; answers the link's id. */
    public static UUID awaitLink(TestUser user, String connectionId) {
        return await().atMost(WAIT).until(() -> linkOf(user, connectionId), id -> id != null);
    }

    public static JsonPath link(TestUser user, UUID linkId) {
        return given().auth().oauth2(user.token()).get("/calendar/links/" + linkId).then().statusCode(200).extract().jsonPath();
    }

    /** Asks for a sync now; answers the run's id. */
    public static UUID requestSync(TestUser user, UUID linkId) {
        Response answer = given().auth().oauth2(user.token()).contentType(ContentType.JSON).body("{}")
                .post("/calendar/links/" + linkId + "/syncs");
        answer.then().statusCode(org.hamcrest.Matchers.oneOf(200, 202));
        return UUID.fromString(answer.path("id"));
    }

    public static JsonPath run(TestUser user, UUID linkId, UUID runId) {
        return given().auth().oauth2(user.token()).get("/calendar/links/" + linkId + "/syncs/" + runId)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the run is in {@code state}; answers it. */
    public static JsonPath awaitRun(TestUser user, UUID linkId, UUID runId, String state) {
        await().atMost(WAIT).until(() -> state.equals(run(user, linkId, runId).getString("state")));
        return run(user, linkId, runId);
    }

    /** Waits until the link's last complete sync is after {@code after} (an ISO instant, or null for any). */
    public static JsonPath awaitSuccess(TestUser user, UUID linkId) {
        await().atMost(WAIT).until(() -> link(user, linkId).getString("lastSuccessAt") != null);
        return link(user, linkId);
    }

    private static UUID linkOf(TestUser user, String connectionId) {
        List<Map<String, Object>> links = given().auth().oauth2(user.token()).get("/calendar/links").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return links.stream().filter(link -> connectionId.equals(link.get("connectionId")))
                .map(link -> UUID.fromString((String) link.get("id"))).findFirst().orElse(null);
    }
}
