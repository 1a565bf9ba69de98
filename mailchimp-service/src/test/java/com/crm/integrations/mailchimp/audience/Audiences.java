package com.crm.integrations.mailchimp.audience;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.crm.integrations.testing.contract.TestUser;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The audience API as a tenant admin uses it, for tests. */
public final class Audiences {

    static final Duration WAIT = Duration.ofSeconds(30);

    private Audiences() {
    }

    public static Response link(TestUser admin, String audienceId, String connectionId) {
        return given().auth().oauth2(admin.adminToken()).contentType(ContentType.JSON).body(Map.of("connectionId", connectionId))
                .put("/mailchimp/audiences/{id}/link", audienceId);
    }

    static Response unlink(TestUser admin, String audienceId) {
        return given().auth().oauth2(admin.adminToken()).delete("/mailchimp/audiences/{id}/link", audienceId);
    }

    static Response rotate(TestUser admin, String audienceId, String overlap) {
        return given().auth().oauth2(admin.adminToken()).contentType(ContentType.JSON)
                .body(overlap == null ? Map.of() : Map.of("overlap", overlap))
                .post("/mailchimp/audiences/{id}/webhook/secret-rotations", audienceId);
    }

    public static JsonPath audience(TestUser user, String audienceId) {
        return given().auth().oauth2(user.adminToken()).get("/mailchimp/audiences/{id}", audienceId).then().statusCode(200)
                .extract().jsonPath();
    }

    /** Waits for the members import to finish; the audience then. */
    public static JsonPath imported(TestUser admin, String audienceId) {
        await().atMost(WAIT).until(() -> "done".equals(audience(admin, audienceId).getString("membersImport.state")));
        return audience(admin, audienceId);
    }
}
