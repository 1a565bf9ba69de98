package com.crm.integrations.status.page;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.contract.Problems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;

/** The integrations page as status-service serves it with the default configuration: public files, a token for the data. */
@QuarkusTest
@WithTestResource(IntegrationInfrastructure.class)
class IntegrationsPageTest {

    private static final RestAssuredConfig NO_REDIRECTS = RestAssuredConfig.config()
            .redirect(RedirectConfig.redirectConfig().followRedirects(false));

    @Test
    void servesThePageWithoutAToken() {
        given().get("/integrations/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .body(containsString("<main id=\"main\""));
    }

    @Test
    void redirectsThePathWithoutItsSlashToThePageKeepingTheQuery() {
        given().config(NO_REDIRECTS).get("/integrations?provider=google&outcome=denied").then().statusCode(302)
                .header("Location", "integrations/?provider=google&outcome=denied");
        given().get("/integrations").then().statusCode(200).contentType(containsString("text/html"));
    }

    @Test
    void servesTheStylesAndScriptsWithoutATokenForRevalidation() {
        given().get("/integrations/integrations.css").then().statusCode(200).contentType(containsString("text/css"))
                .header("Cache-Control", "no-cache");
        for (String script : List.of("integrations.js", "rules.js", "sse.js", "api.js")) {
            given().get("/integrations/" + script).then().statusCode(200).contentType(containsString("javascript"))
                    .header("Cache-Control", "no-cache");
        }
    }

    @Test
    void keepsTheStatusBehindTheToken() {
        Problems.assertProblem(given().get("/integrations/status"), 401, "unauthenticated");
        Problems.assertProblem(given().header("Authorization", "Bearer not.a.jwt").get("/integrations/status"), 401, "unauthenticated");
    }

    @Test
    void configurationDefaultsToTheSameOriginAndNoParent() {
        given().get("/integrations/config.json").then().statusCode(200)
                .contentType(containsString("application/json"))
                .body("tokenServiceUrl", equalTo(""))
                .body("calendarServiceUrl", equalTo(""))
                .body("mailchimpServiceUrl", equalTo(""))
                .body("allowedParentOrigins", empty());
    }

    @Test
    void answersNoCrossOriginCallWhileNoOriginIsConfigured() {
        given().header("Origin", "http://localhost:8084").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/integrations/status").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void pageHoldsTheLandmarksAndEveryElementItsScriptLooksUp() {
        // Given
        String html = given().get("/integrations/").then().statusCode(200).extract().asString();
        String script = given().get("/integrations/integrations.js").then().statusCode(200).extract().asString();

        // When
        Set<String> looked = matches(script, "byId\\('([A-Za-z0-9-]+)'\\)");
        Set<String> present = matches(html, "\\sid=\"([A-Za-z0-9-]+)\"");

        // Then
        assertTrue(html.startsWith("<!doctype html>"), "doctype");
        for (String landmark : List.of("<html lang=\"en\">", "<title>Integrations</title>", "<header", "<main id=\"main\"", "<footer",
                "<h1", "name=\"viewport\"", "type=\"module\" src=\"integrations.js\"", "aria-live=\"polite\"", "role=\"alert\"")) {
            assertTrue(html.contains(landmark), "the page lacks " + landmark);
        }
        assertTrue(looked.size() > 20, "the script's look-ups were not found: " + looked);
        looked.removeAll(present);
        assertEquals(Set.of(), looked, "ids the script looks up that the page does not have");
        for (String dialog : List.of("confirm-dialog", "key-dialog", "audience-dialog")) {
            assertTrue(html.contains("<dialog id=\"" + dialog + "\""), dialog);
        }
    }

    @Test
    void documentsTheSettingsEndpointAsPublic() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                // One empty requirement: no credentials needed
                .body("paths.'/integrations/config.json'.get.security", equalTo(List.of(Map.of())))
                .body("paths.'/integrations/config.json'.get.summary", startsWith("Where the integrations page finds"));
    }

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
