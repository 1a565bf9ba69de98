package com.crm.integrations.testing.contract;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.http.ContentType;

/**
 * The sandbox's control API as tests use it (sandbox/README.md): what the stand-ins issued, fault
 * and latency rules (each test removes the ones it added), call counts, minting Mailchimp API keys and
 * Mapbox tokens, and the provider-side switches (an account removes the app, token errors). The
 * sandbox's base URL is the configuration's {@code integrations.identity.url}.
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

    /**
     * A fault rule with a body and {@code Retry-After} (either may be null), for {@code times} requests
     * (null: until removed); returns its id.
     */
    public static String fault(String method, String path, int status, String body, String retryAfter, Integer times) {
        Map<String, Object> rule = new LinkedHashMap<>();
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

    /**
     * A fault rule answering {@code status} (with {@code Retry-After} unless null) to a {@code share} of the requests to
     * {@code method path} (null: any method), 0 &lt; share &le; 1, until removed: of the first N it is offered it takes
     * floor(N &times; share), evenly spread (0.2: the 5th, 10th, ...), without randomness. A request it passes over goes
     * to the next matching fault rule, oldest first. Returns its id.
     */
    public static String faultShare(String method, String path, int status, String retryAfter, double share) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("method", method);
        rule.put("path", path);
        rule.put("status", status);
        if (retryAfter != null) {
            rule.put("retryAfter", retryAfter);
        }
        rule.put("share", share);
        return given().contentType(ContentType.JSON).body(rule).when().post(url() + "/control/faults")
                .then().statusCode(201).extract().path("id");
    }

    /**
     * Lets the next {@code times} requests to {@code method path} reach their endpoint (a write is stored) and then
     * answers them with {@code status} instead of the real answer; returns the rule's id.
     */
    public static String faultAfter(String method, String path, int status, int times) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("method", method, "path", path, "when", "after", "status", status, "times", times))
                .when().post(url() + "/control/faults").then().statusCode(201).extract().path("id");
    }

    /**
     * Lets the next {@code times} requests to {@code method path} reach their endpoint and then closes their connection
     * without an answer (the answer is lost); returns the rule's id.
     */
    public static String closeAfter(String method, String path, int times) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("method", method, "path", path, "when", "after", "close", true, "times", times))
                .when().post(url() + "/control/faults").then().statusCode(201).extract().path("id");
    }

    /** Delays the next {@code times} requests to {@code method path} by {@code millis}; returns the rule's id. */
    public static String latency(String method, String path, int millis, int times) {
        return given().contentType(ContentType.JSON).body(Map.of("method", method, "path", path, "millis", millis, "times", times))
                .when().post(url() + "/control/latency").then().statusCode(201).extract().path("id");
    }

    /**
     * Delays a {@code share} of the requests to {@code method path} (null: any method) by {@code millis}, 0 &lt; share
     * &le; 1, until removed, spread as {@link #faultShare}'s; returns the rule's id.
     */
    public static String latencyShare(String method, String path, int millis, double share) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("method", method);
        rule.put("path", path);
        rule.put("millis", millis);
        rule.put("share", share);
        return given().contentType(ContentType.JSON).body(rule).when().post(url() + "/control/latency")
                .then().statusCode(201).extract().path("id");
    }

    /**
     * Lets the next {@code times} requests to {@code method path} reach their endpoint at once (a write is stored) and
     * holds their answers back {@code millis}; returns the rule's id.
     */
    public static String latencyAfter(String method, String path, int millis, int times) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("method", method, "path", path, "millis", millis, "times", times, "when", "after"))
                .when().post(url() + "/control/latency").then().statusCode(201).extract().path("id");
    }

    /** The user {@code account} removes our app at the provider: every grant of theirs there is revoked. */
    public static void revokeAccount(String standIn, String account) {
        given().when().post(url() + "/control/" + standIn + "/accounts/" + account + "/revoke").then().statusCode(204);
    }

    /** The account's next refreshes get the provider's {@code error} (with Microsoft's AADSTS {@code errorCode}), until cleared. */
    public static void tokenError(String standIn, String account, String error, Integer errorCode) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (errorCode != null) {
            body.put("errorCode", errorCode);
        }
        given().contentType(ContentType.JSON).body(body).when()
                .post(url() + "/control/" + standIn + "/accounts/" + account + "/token-errors").then().statusCode(201);
    }

    public static void clearTokenErrors(String standIn, String account) {
        given().when().delete(url() + "/control/" + standIn + "/accounts/" + account + "/token-errors").then().statusCode(204);
    }

    /** Removes a rule; one with {@code times} may be used up and gone already, which is fine. */
    public static void removeRule(String id) {
        given().when().delete(url() + "/control/rules/" + id).then().statusCode(org.hamcrest.Matchers.oneOf(204, 404));
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
