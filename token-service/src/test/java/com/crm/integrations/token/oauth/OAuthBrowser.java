package com.crm.integrations.token.oauth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.crm.integrations.testing.contract.SandboxConsent;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A user's browser walking the OAuth flow against the token service and the sandbox's stand-ins,
 * one step per method, redirects followed by hand so each hop can be checked or tampered with.
 */
public final class OAuthBrowser {

    /** The sandbox's consent form for each of our provider names. */
    private static final Map<String, String> CONSENT_PATHS = Map.of("google", "/google/consent", "microsoft", "/microsoft/consent",
            "mailchimp", "/mailchimp/consent", "acme", "/generic/consent");

    final String provider;
    final String userToken;
    public final Map<String, String> cookies = new HashMap<>();

    public OAuthBrowser(String provider, String userToken) {
        this.provider = provider;
        this.userToken = userToken;
    }

    /** The CRM asks for a start URL (POST /connections/{provider}/authorizations). */
    public String startUrl() {
        return given().auth().oauth2(userToken).contentType(ContentType.JSON)
                .when().post("/connections/" + provider + "/authorizations")
                .then().statusCode(201).extract().path("startUrl");
    }

    /** Opens the start URL: keeps the cookie, returns where it redirects (the provider's authorize URL). */
    public URI open(String startUrl) {
        Response response = given().urlEncodingEnabled(false).redirects().follow(false).when().get(startUrl);
        assertEquals(302, response.statusCode(), "start URL answer");
        cookies.putAll(response.getCookies());
        return URI.create(response.getHeader("Location"));
    }

    /** Shows the provider's consent page; returns its consent id. */
    public String consentPage(URI authorizeUrl) {
        return SandboxConsent.consentId(SandboxConsent.authorize(authorizeUrl.toString()));
    }

    /** Approves (or denies) on the consent page as {@code account}; returns the provider's redirect to our callback. */
    public URI decide(URI authorizeUrl, String consent, String decision, String account, String scope) {
        return decide(authorizeUrl, consent, decision, account, scope, Map.of());
    }

    /** As {@link #decide(URI, String, String, String, String)}, with further consent-form fields (Mailchimp's {@code dc}). */
    public URI decide(URI authorizeUrl, String consent, String decision, String account, String scope, Map<String, String> fields) {
        Map<String, String> form = SandboxConsent.as(account, scope);
        form.putAll(fields);
        String consentUrl = authorizeUrl.getScheme() + "://" + authorizeUrl.getAuthority() + CONSENT_PATHS.get(provider);
        Response response = SandboxConsent.decide(consentUrl, consent, decision, form);
        assertEquals(302, response.statusCode(), () -> "consent answer: " + response.body().asString());
        return URI.create(response.getHeader("Location"));
    }

    /** Follows the provider's redirect to our callback with the browser's cookies; returns the return-URL redirect. */
    public URI callback(URI callbackUrl) {
        return callback(callbackUrl, cookies);
    }

    public URI callback(URI callbackUrl, Map<String, String> withCookies) {
        Response response = given().urlEncodingEnabled(false).redirects().follow(false).cookies(withCookies).when().get(callbackUrl.toString());
        assertEquals(302, response.statusCode(), () -> "callback answer: " + response.body().asString());
        return URI.create(response.getHeader("Location"));
    }

    /** The whole happy path as {@code account}: start, consent, callback; returns the return URL's query. */
    public Map<String, String> connect(String account) {
        URI authorize = open(startUrl());
        URI callback = decide(authorize, consentPage(authorize), "approve", account, null);
        return query(callback(callback));
    }

    public static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        if (uri.getRawQuery() == null) {
            return values;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
