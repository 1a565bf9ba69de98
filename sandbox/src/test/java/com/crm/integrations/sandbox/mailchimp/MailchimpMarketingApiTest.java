package com.crm.integrations.sandbox.mailchimp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.crm.integrations.testing.contract.SandboxMailchimp;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class MailchimpMarketingApiTest {

    private MailchimpFixture chimp;

    @BeforeEach
    void start() {
        chimp = MailchimpFixture.start("us14");
    }

    @Test
    void pagesMembersInTheOrderTheyWereAdded() {
        // Given
        List<Map<String, Object>> members = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            members.add(Map.of("email", "m" + i + "@example.com"));
        }
        SandboxMailchimp.seedMembers(chimp.listId(), members);

        // When
        Response page = chimp.api().queryParam("count", 10).queryParam("offset", 20).get(chimp.list("/members"));

        // Then
        page.then().statusCode(200).contentType("application/json")
                .body("list_id", equalTo(chimp.listId()))
                .body("total_items", equalTo(25))
                .body("members.email_address", contains("m21@example.com", "m22@example.com", "m23@example.com", "m24@example.com",
                        "m25@example.com"));
        chimp.api().get(chimp.list("/members")).then().body("members", hasSize(10)).body("members[0].email_address", equalTo("m1@example.com"));
    }

    @Test
    void cutsTheCountAtOneThousandAndRefusesANegativeOne() {
        // Given
        List<Map<String, Object>> members = new ArrayList<>();
        for (int i = 1; i <= 1001; i++) {
            members.add(Map.of("email", "bulk" + i + "@example.com"));
        }
        SandboxMailchimp.seedMembers(chimp.listId(), members);

        // When
        Response page = chimp.api().queryParam("count", 5000).get(chimp.list("/members"));

        // Then
        page.then().statusCode(200).body("members", hasSize(1000)).body("total_items", equalTo(1001));
        chimp.api().queryParam("count", -1).get(chimp.list("/members")).then().statusCode(400)
                .contentType("application/problem+json").body("title", equalTo("Invalid Resource")).body("errors[0].field", equalTo("count"));
    }

    @Test
    void showsAMemberAsMailchimpDoes() {
        // Given
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "Ada@Example.com", "mergeFields", Map.of("FNAME", "Ada"),
                "lastChanged", "2026-12-01T10:15:30+00:00")));

        // When
        Response member = chimp.api().get(chimp.list("/members/" + md5("ada@example.com")));

        // Then
        member.then().statusCode(200)
                .body("id", equalTo(md5("ada@example.com")))
                .body("email_address", equalTo("Ada@Example.com"))
                .body("unique_email_id", matchesPattern("[0-9a-f]{10}"))
                .body("web_id", org.hamcrest.Matchers.instanceOf(Integer.class))
                .body("email_type", equalTo("html"))
                .body("status", equalTo("subscribed"))
                .body("merge_fields", equalTo(Map.of("FNAME", "Ada", "LNAME", "")))
                .body("interests", equalTo(Map.of()))
                .body("last_changed", equalTo("2026-12-01T10:15:30+00:00"))
                .body("list_id", equalTo(chimp.listId()))
                .body("tags", hasSize(0));
    }

    @Test
    void findsNoMemberByAHashOfAnotherForm() {
        // Given
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(Map.of("email", "ada@example.com")));
        String hash = md5("ada@example.com");

        // When
        Response upperCase = chimp.api().get(chimp.list("/members/" + hash.toUpperCase(java.util.Locale.ROOT)));

        // Then
        upperCase.then().statusCode(404).contentType("application/problem+json").body("title", equalTo("Resource Not Found"))
                .body("status", equalTo(404)).body("errors", nullValue());
        chimp.api().get(chimp.list("/members/" + md5("Ada@example.com "))).then().statusCode(200); // trimmed, lower-cased: the same
        chimp.api().get(chimp.list("/members/ada@example.com")).then().statusCode(404);
        chimp.api().get(chimp.list("/members/" + md5("bob@example.com"))).then().statusCode(404);
    }

    @Test
    void filtersMembersByStatusAndLastChange() {
        // Given
        SandboxMailchimp.seedMembers(chimp.listId(), List.of(
                Map.of("email", "old@example.com", "lastChanged", "2026-01-01T00:00:00+00:00"),
                Map.of("email", "gone@example.com", "status", "unsubscribed", "lastChanged", "2026-06-01T00:00:00+00:00"),
                Map.of("email", "new@example.com", "lastChanged", "2026-06-01T00:00:00Z")));

        // When
        Response changed = chimp.api().queryParam("since_last_changed", "2026-06-01T00:00:00+00:00").queryParam("status", "subscribed")
                .get(chimp.list("/members"));

        // Then
        changed.then().statusCode(200).body("total_items", equalTo(1)).body("members.email_address", contains("new@example.com"));
    }

    @Test
    void listsTheDataCentresAudiencesWithTheirCounts() {
        // Given
        SandboxMailchimp.createAudience("us21", "Elsewhere");
        String second = SandboxMailchimp.createAudience("us14", "Customers");
        SandboxMailchimp.seedMembers(second, List.of(Map.of("email", "a@example.com"), Map.of("email", "b@example.com", "status", "cleaned")));

        // When
        Response lists = chimp.api().queryParam("offset", 1).get("/mailchimp-api/us14/3.0/lists");

        // Then
        lists.then().statusCode(200).body("total_items", equalTo(2)).body("lists", hasSize(1))
                .body("lists[0].id", equalTo(second)).body("lists[0].name", equalTo("Customers"))
                .body("lists[0].stats.member_count", equalTo(1)).body("lists[0].stats.cleaned_count", equalTo(1))
                .body("lists[0].stats.unsubscribe_count", equalTo(0));
        chimp.api().get("/mailchimp-api/us14/3.0/lists/" + second).then().statusCode(200).body("web_id", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void findsNoAudienceOfAnotherDataCentre() {
        // Given
        String elsewhere = SandboxMailchimp.createAudience("us21", "Elsewhere");

        // When
        Response list = chimp.api().get("/mailchimp-api/us14/3.0/lists/" + elsewhere);

        // Then
        list.then().statusCode(404).contentType("application/problem+json").body("title", equalTo("Resource Not Found"))
                .body("type", equalTo("https://mailchimp.com/developer/marketing/docs/errors/")).body("instance", matchesPattern(".+"));
    }

    @Test
    void refusesCallsWithoutOrWithWrongCredentials() {
        // Given
        String otherDc = SandboxMailchimp.apiKey("us21");

        // When
        Response missing = given().get(chimp.list("/members"));

        // Then
        missing.then().statusCode(401).contentType("application/problem+json").body("title", equalTo("API Key Missing"));
        given().auth().preemptive().basic("anystring", otherDc).get(chimp.list("/members")).then().statusCode(401)
                .body("title", equalTo("API Key Invalid"));
        given().header("Authorization", "Bearer 0123456789abcdef0123456789abcdef-us14").get("/mailchimp-api/us14/3.0/lists").then()
                .statusCode(401).body("title", equalTo("API Key Invalid"));
        given().get(chimp.list("/webhooks")).then().statusCode(401).body("title", equalTo("API Key Missing"));
        given().header("Authorization", "Bearer " + chimp.key()).get(chimp.list("")).then().statusCode(200);
    }

    @Test
    void answersThePingAtItsNewHome() {
        // When
        Response ping = chimp.api().get("/mailchimp-api/us14/3.0/ping");

        // Then
        ping.then().statusCode(200).body("health_status", equalTo("Everything's Chimpy!"));
    }

    @Test
    void letsFaultRulesActOnTheApi() {
        // Given
        String rule = given().contentType("application/json").body(Map.of("method", "GET", "path", "/mailchimp-api/us14/3.0/lists/*",
                "status", 503, "times", 1)).post("/control/faults").then().statusCode(201).extract().path("id");

        // When
        Response faulted = chimp.api().get(chimp.list("/members"));

        // Then
        faulted.then().statusCode(503).header("X-Sandbox-Fault", rule);
        chimp.api().get(chimp.list("/members")).then().statusCode(200);
    }

    static String md5(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(text.trim().toLowerCase(java.util.Locale.ROOT)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
