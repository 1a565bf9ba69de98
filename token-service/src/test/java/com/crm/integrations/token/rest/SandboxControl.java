package com.crm.integrations.token.rest;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.http.ContentType;

/**
 * The sandbox's control API as the connection tests use it: what it issued, fault rules (each
 * test removes the ones it added), call counts, and minting Mailchimp API keys and Mapbox tokens.
 */
public final class SandboxControl {

    private SandboxControl() {
    }

    /** The sandbox's base URL. */
    public static String url() {
        return ConfigProvider.getConfig().getValue("integrations.identity.url", String.class);
    }

    /** Every code, token, key and id token the stand-ins issued since start or reset. */
    public static List<String> issuedSecrets() {
        return given().when().get(url() + "/control/issued-secrets").then().statusCode(200).extract().path("secrets");
    }

    /** A fault rule answering {@code status} to {@code method path} until removed; returns its id. */
    public static String fault(String method, String path, int status) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("method", method);
        rule.put("path", path);
        rule.put("status", status);
        return given().contentType(ContentType.JSON).body(rule).when().post(url() + "/control/faults")
                .then().statusCode(201).extract().path("id");
    }

    public static void removeRule(String id) {
        given().when().delete(url() + "/control/rules/" + id).then().statusCode(204);
    }

    /** Calls (answered or faulted) to {@code path} (may end in {@code *}) since the last reset. */
    public static long calls(String path) {
        return ((Number) given().queryParam("path", path).when().get(url() + "/control/calls").then().statusCode(200)
                .extract().path("count")).longValue();
    }

    /** A new Mailchimp API key of data centre {@code dc}. */
    public static String mailchimpKey(String dc) {
        return given().contentType(ContentType.JSON).body(Map.of("dc", dc)).when().post(url() + "/control/mailchimp/api-keys")
                .then().statusCode(201).extract().path("key");
    }

    /** A new Mapbox public token of Mapbox user {@code user}. */
    public static String mapboxToken(String user) {
        return given().contentType(ContentType.JSON).body(Map.of("usage", "pk", "user", user)).when()
                .post(url() + "/control/mapbox/tokens").then().statusCode(201).extract().path("token");
    }

    public static void revokeMapboxToken(String token) {
        given().urlEncodingEnabled(true).when().delete(url() + "/control/mapbox/tokens/{token}", token).then().statusCode(204);
    }

    /** The refresh tokens a stand-in ({@code google}, {@code microsoft}, {@code generic}) issued to {@code account}. */
    public static List<Map<String, Object>> refreshTokens(String standIn, String account) {
        List<Map<String, Object>> all = given().when().get(url() + "/control/" + standIn + "/refresh-tokens")
                .then().statusCode(200).extract().path("refreshTokens");
        return all.stream().filter(token -> account.equals(token.get("account"))).toList();
    }
}
