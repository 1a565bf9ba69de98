package com.crm.integrations.status;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.IntegrationInfrastructure;
import com.crm.integrations.testing.contract.SandboxMailchimp;
import com.crm.integrations.testing.contract.TestUser;
import com.crm.integrations.testing.services.TokenServiceConnections;
import com.crm.integrations.testing.services.TokenServiceConnections.Connection;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The siblings {@link StatusInfrastructure} starts beside the app are the real services, working against the same
 * infrastructure and each other: token-service makes the connections, calendar-service links a Google connection from
 * token-service's events and reads its calendars with token-service's tokens, mailchimp-service links an audience
 * through a Mailchimp key connection and takes the sandbox's webhook posts at its own URL.
 */
@QuarkusTest
@WithTestResource(StatusInfrastructure.class)
class SiblingServicesTest {

    /** Another test class may just have restarted PostgreSQL or Kafka (ReadinessTest): the siblings recover within this. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void eachSiblingAnswersReady() {
        for (String url : List.of(TokenServiceConnections.url(), calendarService(), mailchimpService())) {
            // When / Then
            await().atMost(WAIT).untilAsserted(() -> given().get(url + "/q/health/ready").then().statusCode(200)
                    .body("status", equalTo("UP")));
        }
    }

    @Test
    void calendarServiceLinksAGoogleConnectionAndListsItsCalendarsWithTokenServicesToken() {
        // Given: a Google connection made through token-service's OAuth flow, which calendar-service links from its event
        TestUser user = TestUser.fresh();
        Connection google = TokenServiceConnections.connect(user, "google");
        String link = await().atMost(WAIT).until(() -> linkOf(user, google), Objects::nonNull);

        // When
        Response calendars = given().auth().oauth2(user.token()).get(calendarService() + "/calendar/links/" + link + "/calendars");

        // Then
        calendars.then().statusCode(200);
        assertTrue(calendars.jsonPath().getList("primary", Boolean.class).contains(true), calendars.body().asString());
        await().atMost(WAIT).until(() -> calendarLink(user, link).getString("lastSuccessAt") != null);
    }

    @Test
    void mailchimpServiceLinksAnAudienceThroughAMailchimpKeyAndTakesItsWebhookPosts() {
        // Given: the tenant's Mailchimp key connection, and an audience of one member at the sandbox's Mailchimp
        TestUser admin = TestUser.fresh();
        Connection key = TokenServiceConnections.connectMailchimpKey(admin);
        String audience = SandboxMailchimp.createAudience(TokenServiceConnections.MAILCHIMP_DATA_CENTRE, "Newsletter");
        SandboxMailchimp.seedMembers(audience, List.of(Map.of("email", "ada@example.com", "status", "subscribed")));

        // When
        Response linked = given().auth().oauth2(admin.adminToken()).contentType(ContentType.JSON).body(Map.of("connectionId", key.id()))
                .put(mailchimpService() + "/mailchimp/audiences/{id}/link", audience);

        // Then: the webhook is registered at Mailchimp, the member imported
        linked.then().statusCode(201).body("webhook.registered", equalTo(true));
        assertEquals(1, SandboxMailchimp.webhooks(audience).size());
        await().atMost(WAIT).until(() -> "done".equals(mailchimpAudience(admin, audience).getString("membersImport.state")));
        assertEquals(1, mailchimpAudience(admin, audience).getInt("members.subscribed"));
        // and a subscriber's own sign-up at Mailchimp reaches it as a webhook post to its own URL
        SandboxMailchimp.subscribe(audience, "user", "grace@example.com", null, null);
        await().atMost(WAIT).until(() -> mailchimpAudience(admin, audience).getInt("members.subscribed") == 2);
    }

    private static String calendarService() {
        return ConfigProvider.getConfig().getValue(IntegrationInfrastructure.CALENDAR_SERVICE_URL, String.class);
    }

    private static String mailchimpService() {
        return ConfigProvider.getConfig().getValue(IntegrationInfrastructure.MAILCHIMP_SERVICE_URL, String.class);
    }

    /** The id of the user's calendar link of that connection, or null while there is none. */
    private static String linkOf(TestUser user, Connection connection) {
        List<Map<String, Object>> links = given().auth().oauth2(user.token()).get(calendarService() + "/calendar/links")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return links.stream().filter(link -> connection.id().equals(link.get("connectionId")))
                .map(link -> (String) link.get("id")).findFirst().orElse(null);
    }

    private static JsonPath calendarLink(TestUser user, String link) {
        return given().auth().oauth2(user.token()).get(calendarService() + "/calendar/links/" + link)
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath mailchimpAudience(TestUser admin, String audience) {
        return given().auth().oauth2(admin.adminToken()).get(mailchimpService() + "/mailchimp/audiences/{id}", audience)
                .then().statusCode(200).extract().jsonPath();
    }
}
