package com.crm.integrations.sandbox.provider;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.crm.integrations.testing.contract.SandboxConsent;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Drives a stand-in's browser side (authorize page, consent form) and its token endpoint the way a test of the token service would. */
final class OAuthFlow {

    static final String SECRET = "test-provider-secret";
    static final String GOOGLE_CLIENT = "sandbox-client.apps.googleusercontent.com";
    static final String MICROSOFT_CLIENT = "00000000-0000-4000-8000-000000000001";
    static final String MAILCHIMP_CLIENT = "123456789012";
    static final String GENERIC_CLIENT = "sandbox-generic-client";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String ACCOUNT = "ada@example.com";

    private OAuthFlow() {
    }

    static String redirectUri(String provider) {
        return "http://127.0.0.1:8081/oauth/" + provider + "/callback";
    }

    /** GET the authorize URL without following redirects. */
    static Response authorize(String path, Map<String, String> query) {
        return given().redirects().follow(false).queryParams(query).get(path);
    }

    /** The consent id of an authorize request that must succeed, from the X-Sandbox-Consent header. */
    static String consentId(String path, Map<String, String> query) {
        Response page = authorize(path, query);
        String consent = SandboxConsent.consentId(page);
        page.then().contentType(ContentType.HTML);
        return consent;
    }

    /** POST the consent form; {@code null} fields are left out. */
    static Response decide(String prefix, String consent, String decision, String account, String scope, String dc) {
        Map<String, String> fields = SandboxConsent.as(account, scope);
        fields.put("dc", dc);
        return SandboxConsent.decide("/" + prefix + "/consent", consent, decision, fields);
    }

    /** Authorize then approve as {@code account}; returns the redirect's query parameters. */
    static Map<String, String> approve(String prefix, String authorizePath, Map<String, String> query, String account, String scope) {
        Response redirect = decide(prefix, consentId(authorizePath, query), "approve", account, scope, null);
        redirect.then().statusCode(302);
        return queryOf(redirect);
    }

    static Map<String, String> queryOf(Response redirect) {
        URI location = URI.create(redirect.header("Location"));
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : location.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            parameters.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    static String locationWithoutQuery(Response redirect) {
        String location = redirect.header("Location");
        return location.substring(0, location.indexOf('?'));
    }

    /** A form POST to a token endpoint with the client in the form. */
    static Response token(String path, String clientId, Map<String, String> parameters) {
        return given().contentType(ContentType.URLENC).formParam("client_id", clientId).formParam("client_secret", SECRET)
                .formParams(parameters).post(path);
    }

    static Map<String, String> params(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static void reset() {
        given().post("/control/reset").then().statusCode(204);
    }

    static void advanceClock(long seconds) {
        given().contentType(ContentType.JSON).body("{\"advanceSeconds\": " + seconds + "}").post("/control/clock")
                .then().statusCode(200);
    }

    static void assertNoStore(Response response) {
        assertEquals("no-store", response.header("Cache-Control"));
    }
}
