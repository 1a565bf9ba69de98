package com.crm.integrations.sandbox.mailchimp;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.Map;

import com.crm.integrations.testing.contract.SandboxMailchimp;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** An API key of a data centre and one audience there: the Marketing API called with that key, webhooks made through it. */
record MailchimpFixture(String dc, String key, String listId) {

    static final Map<String, Object> ALL_EVENTS = Map.of("subscribe", true, "unsubscribe", true, "profile", true, "cleaned", true,
            "upemail", true, "campaign", true);
    static final Map<String, Object> ALL_SOURCES = Map.of("user", true, "admin", true, "api", true);

    /** Resets the stand-in, and makes a key of {@code dc} and an audience there with the default merge fields. */
    static MailchimpFixture start(String dc) {
        given().post("/control/reset").then().statusCode(204);
        return new MailchimpFixture(dc, SandboxMailchimp.apiKey(dc), SandboxMailchimp.createAudience(dc, "Newsletter"));
    }

    /** A call with the key by HTTP Basic, as Mailchimp's SDKs send it. */
    RequestSpecification api() {
        return given().auth().preemptive().basic("anystring", key);
    }

    /** {@code /mailchimp-api/{dc}/3.0/lists/{listId}} + {@code path}. */
    String list(String path) {
        return "/mailchimp-api/" + dc + "/3.0/lists/" + listId + path;
    }

    Response createWebhook(String url, Map<String, Object> events, Map<String, Object> sources) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("events", events);
        body.put("sources", sources);
        return api().contentType(ContentType.JSON).body(body).post(list("/webhooks"));
    }

    /** A webhook for every event from every source; its id. */
    String webhook(String url) {
        return createWebhook(url, ALL_EVENTS, ALL_SOURCES).then().statusCode(200).extract().path("id");
    }
}
