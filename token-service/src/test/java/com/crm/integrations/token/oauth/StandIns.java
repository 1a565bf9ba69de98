package com.crm.integrations.token.oauth;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.http.ContentType;

/** The sandbox's control API, as these tests use it. */
final class StandIns {

    private StandIns() {
    }

    static String url() {
        return ConfigProvider.getConfig().getValue("integrations.identity.url", String.class);
    }

    /** The refresh tokens the stand-in issued to {@code account}: {token, account, uses, state}. */
    static List<Map<String, Object>> refreshTokens(String provider, String account) {
        List<Map<String, Object>> all = given().when().get(url() + "/control/" + provider + "/refresh-tokens")
                .then().statusCode(200).extract().path("refreshTokens");
        return all.stream().filter(token -> account.equals(token.get("account"))).toList();
    }

    static long calls(String path) {
        return ((Number) given().queryParam("path", path).when().get(url() + "/control/calls").then().statusCode(200)
                .extract().path("count")).longValue();
    }

    static String fault(String method, String path, int status, String body, String retryAfter, Integer times) {
        var rule = new java.util.LinkedHashMap<String, Object>();
        rule.put("method", method);
        rule.put("path", path);
        rule.put("status", status);
        if (body != null) {
            rule.put("body", body);
        }
        if (retryAfter != null) {
            rule.put("retryAfter", retryAfter);
        }
        if (times != null) {
            rule.put("times", times);
        }
        return given().contentType(ContentType.JSON).body(rule).when().post(url() + "/control/faults")
                .then().statusCode(201).extract().path("id");
    }

    static void removeRule(String id) {
        given().when().delete(url() + "/control/rules/" + id);
    }

    static void revokeAccount(String provider, String account) {
        given().when().post(url() + "/control/" + provider + "/accounts/" + account + "/revoke").then().statusCode(204);
    }

    static void tokenError(String provider, String account, String error, Integer errorCode, Integer times) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("error", error);
        if (errorCode != null) {
            body.put("errorCode", errorCode);
        }
        if (times != null) {
            body.put("times", times);
        }
        given().contentType(ContentType.JSON).body(body).when()
                .post(url() + "/control/" + provider + "/accounts/" + account + "/token-errors").then().statusCode(201);
    }
}
