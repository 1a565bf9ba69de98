package com.crm.integrations.status.page;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.contract.SandboxTokens;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The page's settings as ./run sets them: the siblings on other ports, the origins CORS answers (common's one key,
 * integrations.page.origins), and CRM origins that may embed the page.
 */
@QuarkusTest
@TestProfile(PageConfiguredTest.LocalRun.class)
@WithTestResource(IntegrationInfrastructure.class)
class PageConfiguredTest {

    static final String PAGE_ORIGIN = "http://localhost:8084";

    public static class LocalRun implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "integrations.page.token-service-url", "http://localhost:8081/",
                    "integrations.page.calendar-service-url", "http://localhost:8082",
                    "integrations.page.mailchimp-service-url", "http://localhost:8083",
                    "integrations.page.allowed-parent-origins", "https://crm.example.com,https://crm.example.org",
                    "integrations.page.origins", PAGE_ORIGIN + ",http://127.0.0.1:8084");
        }
    }

    @Test
    void configurationNamesTheSiblingsAndTheParents() {
        given().get("/integrations/config.json").then().statusCode(200)
                .body("tokenServiceUrl", equalTo("http://localhost:8081"))
                .body("calendarServiceUrl", equalTo("http://localhost:8082"))
                .body("mailchimpServiceUrl", equalTo("http://localhost:8083"))
                .body("allowedParentOrigins", equalTo(List.of("https://crm.example.com", "https://crm.example.org")));
    }

    @Test
    void pageMayBeFramedByTheParentsAndCallTheSiblings() {
        given().get("/integrations/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors https://crm.example.com https://crm.example.org;"))
                .header("Content-Security-Policy",
                        containsString("connect-src 'self' http://localhost:8081 http://localhost:8082 http://localhost:8083;"));
    }

    @Test
    void answersAPreflightFromThePagesOrigin() {
        given().header("Origin", PAGE_ORIGIN).header("Access-Control-Request-Method", "DELETE")
                .header("Access-Control-Request-Headers", "authorization,content-type,if-none-match,last-event-id")
                .options("/integrations/status").then().statusCode(200)
                .header("Access-Control-Allow-Origin", PAGE_ORIGIN)
                .header("Access-Control-Allow-Methods", containsString("DELETE"))
                .header("Access-Control-Allow-Headers", containsString("Last-Event-ID"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Allow-Credentials", "false");
    }

    @Test
    void exposesTheEtagToThePage() {
        given().header("Origin", "http://127.0.0.1:8084").auth().oauth2(SandboxTokens.user("t-page-cors", "alice"))
                .get("/integrations/status").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://127.0.0.1:8084")
                .header("Access-Control-Expose-Headers", containsString("ETag"));
    }

    @Test
    void answersNoPreflightFromAnotherOrigin() {
        given().header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/integrations/status").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
