package com.crm.integrations.token.refresh;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.crm.integrations.testing.contract.SandboxTokens;
import com.crm.integrations.token.oauth.OAuthBrowser;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** What the refresh tests do through the admin API and to the connection rows. */
final class RefreshRunApi {

    static final Duration WAIT = Duration.ofSeconds(60);

    private RefreshRunApi() {
    }

    /** Connects a fresh user of the tenant to the provider through the browser flow, with a fresh account; returns the connection id. */
    static String connect(String tenant, String provider) {
        String who = "u-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> outcome = new OAuthBrowser(provider, SandboxTokens.user(tenant, who)).connect(who + "@example.com");
        assertEquals("connected", outcome.get("outcome"), outcome.toString());
        return outcome.get("connection");
    }

    static Response start(Map<String, Object> request) {
        return given().auth().oauth2(SandboxTokens.operator("ops")).contentType(ContentType.JSON).body(request)
                .when().post("/admin/refresh-runs");
    }

    /** Starts a run and returns its id. */
    static String started(Map<String, Object> request) {
        Response answer = start(request);
        answer.then().statusCode(202);
        return answer.jsonPath().getString("id");
    }

    static JsonPath run(String id) {
        return given().auth().oauth2(SandboxTokens.operator("ops")).when().get("/admin/refresh-runs/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the run finished and returns it. */
    static JsonPath finished(String id) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> !"running".equals(run(id).getString("status")));
        return run(id);
    }

    static long count(JsonPath run, String outcome) {
        Object value = run.get("counts." + outcome);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /**
     * Makes a connection's token one granted for an hour that expires in {@code seconds} (negative:
     * expired {@code -seconds} ago).
     */
    static void expireIn(Pool pool, String id, long seconds) {
        pool.preparedQuery("UPDATE connection SET access_expires_at = now() + make_interval(secs => $2),"
                + " last_refreshed_at = now() + make_interval(secs => $2) - interval '1 hour' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id), (double) seconds)).await().atMost(WAIT);
    }

    static void sql(Pool pool, String statement, Object... values) {
        pool.preparedQuery(statement).execute(Tuple.from(values)).await().atMost(WAIT);
    }

    static JsonPath connection(Pool pool, String id) {
        // PostgreSQL renders the row, timestamps as ISO-8601 with offset
        String json = pool.preparedQuery("""
                SELECT row_to_json(c)::text AS row FROM (SELECT status, consecutive_failures, retry_at, last_error_code, access_expires_at,
                    last_refreshed_at, refresh_lease_until FROM connection WHERE id = $1) c""")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(WAIT).iterator().next().getString("row");
        return new JsonPath(json);
    }
}
