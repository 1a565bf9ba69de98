package com.crm.integrations.testing.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.LinkedHashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A user at a provider stand-in's consent page, as a browser goes through it (sandbox/README.md):
 * the authorize URL shows the page and names the consent in {@value #CONSENT_HEADER}; the form posted
 * to {@code <stand-in>/consent} approves or denies as an account and redirects to the app's callback.
 * Redirects are never followed, so each hop can be checked or tampered with.
 */
public final class SandboxConsent {

    /** The header that names a consent page's consent id. */
    public static final String CONSENT_HEADER = "X-Sandbox-Consent";

    private SandboxConsent() {
    }

    /** Opens an authorize URL (absolute, or a path on RestAssured's base URI) without following redirects. */
    public static Response authorize(String url) {
        return given().urlEncodingEnabled(false).redirects().follow(false).when().get(url);
    }

    /** The consent id of an authorize page that must be shown (200 with {@value #CONSENT_HEADER}). */
    public static String consentId(Response page) {
        assertEquals(200, page.statusCode(), () -> "consent page: " + page.body().asString());
        String consent = page.getHeader(CONSENT_HEADER);
        assertNotNull(consent, CONSENT_HEADER + " header");
        return consent;
    }

    /**
     * Posts the consent form at {@code consentUrl}: {@code consent}, {@code decision} ({@code approve}
     * or {@code deny}) and further fields ({@code account}, {@code scope}, Mailchimp's {@code dc});
     * null fields are left out. Returns the answer, a redirect when the form was accepted.
     */
    public static Response decide(String consentUrl, String consent, String decision, Map<String, String> fields) {
        RequestSpecification form = given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("consent", consent).formParam("decision", decision);
        fields.forEach((name, value) -> {
            if (value != null) {
                form.formParam(name, value);
            }
        });
        return form.when().post(consentUrl);
    }

    /** The form fields {@code account} and {@code scope}, either may be null (then left out). */
    public static Map<String, String> as(String account, String scope) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("account", account);
        fields.put("scope", scope);
        return fields;
    }
}
