package com.crm.integrations.testing.contract;

import static com.crm.integrations.testing.contract.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.io.InputStream;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.oidc.client.OidcClient;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * What every service's API must do, proven on its per-tenant settings endpoint: identity (which
 * tokens are accepted where), tenant isolation, optimistic updates, and the problem-details
 * matrix for bad input. A service's test extends this with its endpoint and bodies.
 */
public abstract class TenantSettingsApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OidcClient oidcClient;

    /** The tenant-scoped path, e.g. {@code /calendar/settings}. */
    protected abstract String path();

    /** The service-to-service path for {@code tenant}. */
    protected abstract String internalPath(String tenant);

    /** Valid settings that differ from the defaults. */
    protected abstract Map<String, Object> validSettings();

    /** The defaults a tenant that never saved any reads, as JSON values. */
    protected abstract Map<String, Object> defaultSettings();

    /** Settings whose {@link #invalidField()} breaks a constraint (out of range, too long, ...). */
    protected abstract Map<String, Object> invalidSettings();

    protected abstract String invalidField();

    /** Settings whose {@link #wrongTypeField()} has a JSON value of the wrong type. */
    protected abstract Map<String, Object> wrongTypeSettings();

    protected abstract String wrongTypeField();

    private static String newTenant() {
        return "t-" + UUID.randomUUID();
    }

    private static String admin(String tenant) {
        return SandboxTokens.user(tenant, "admin-1", "tenant_admin");
    }

    private Response put(String token, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).put(path());
    }

    // --- identity ---

    @Test
    void acceptsUserTokenFromTheSandbox() {
        // Given
        String token = SandboxTokens.user(newTenant(), "user-1");
        // When
        Response response = given().auth().oauth2(token).get(path());
        // Then
        response.then().statusCode(200).header("ETag", "\"0\"");
        defaultSettings().forEach((field, value) -> response.then().body(field, equalTo(value)));
    }

    @Test
    void rejectsRequestWithoutToken() {
        // When
        Response response = given().get(path());
        // Then
        assertProblem(response, 401, "unauthenticated").header("WWW-Authenticate", "Bearer realm=\"crm-integrations\"");
    }

    @Test
    void rejectsTokenSignedByAnotherKey() {
        // Given
        String forged = SandboxTokens.signedByAnotherKey(newTenant(), "user-1");
        // When
        Response response = given().auth().oauth2(forged).get(path());
        // Then
        assertProblem(response, 401, "unauthenticated");
    }

    @Test
    void rejectsExpiredToken() {
        // Given
        String expired = SandboxTokens.expiredUser(newTenant(), "user-1");
        // When
        Response response = given().auth().oauth2(expired).get(path());
        // Then
        assertProblem(response, 401, "unauthenticated");
    }

    @Test
    void rejectsTokenFromAnotherIssuer() {
        // Given
        String foreign = SandboxTokens.userFromIssuer(newTenant(), "user-1", "https://idp.elsewhere.example/idp");
        // When
        Response response = given().auth().oauth2(foreign).get(path());
        // Then
        assertProblem(response, 401, "unauthenticated");
    }

    @Test
    void rejectsGarbageBearer() {
        // When
        Response response = given().header("Authorization", "Bearer not.a.jwt").get(path());
        // Then
        assertProblem(response, 401, "unauthenticated");
    }

    @Test
    void rejectsMissingTokenOnInternalApi() {
        // When
        Response response = given().get(internalPath(newTenant()));
        // Then
        assertProblem(response, 401, "unauthenticated").header("WWW-Authenticate", "Bearer realm=\"crm-integrations\"");
    }

    @Test
    void rejectsUserTokenOnInternalApi() {
        // Given
        String tenant = newTenant();
        // When
        Response response = given().auth().oauth2(admin(tenant)).get(internalPath(tenant));
        // Then
        assertProblem(response, 403, "forbidden");
    }

    @Test
    void acceptsClientCredentialsTokenFromOidcClientOnInternalApi() {
        // Given
        String tenant = newTenant();
        put(admin(tenant), validSettings()).then().statusCode(200);
        String serviceToken = oidcClient.getTokens().await().indefinitely().getAccessToken();
        // When
        Response response = given().auth().oauth2(serviceToken).get(internalPath(tenant));
        // Then
        response.then().statusCode(200);
        validSettings().forEach((field, value) -> response.then().body(field, equalTo(value)));
    }

    @Test
    void rejectsServiceTokenOnTenantApi() {
        // Given
        String serviceToken = oidcClient.getTokens().await().indefinitely().getAccessToken();
        // When
        Response response = given().auth().oauth2(serviceToken).get(path());
        // Then
        assertProblem(response, 403, "forbidden");
    }

    @Test
    void rejectsInvalidTenantIdOnInternalApi() {
        // Given
        String serviceToken = oidcClient.getTokens().await().indefinitely().getAccessToken();
        // When
        Response response = given().auth().oauth2(serviceToken).get(internalPath("not a tenant!"));
        // Then
        assertProblem(response, 422, "validation-failed").body("errors.field", hasItem("tenantId"));
    }

    @Test
    void rejectsUserTokenOnAdminApi() {
        // When
        Response response = given().auth().oauth2(admin(newTenant())).get("/admin/anything");
        // Then
        assertProblem(response, 403, "forbidden");
    }

    @Test
    void rejectsUpdateByUserWhoIsNotTenantAdmin() {
        // Given
        String tenant = newTenant();
        // When
        Response response = put(SandboxTokens.user(tenant, "user-1"), validSettings());
        // Then
        assertProblem(response, 403, "forbidden");
        given().auth().oauth2(admin(tenant)).get(path()).then().header("ETag", "\"0\"");
    }

    // --- tenants and versions ---

    @Test
    void keepsEachTenantsSettingsApart() {
        // Given
        String tenantA = newTenant();
        String tenantB = newTenant();
        put(admin(tenantA), validSettings()).then().statusCode(200).header("ETag", "\"1\"");
        // When
        Response asB = given().auth().oauth2(admin(tenantB)).get(path());
        // Then
        asB.then().statusCode(200).header("ETag", "\"0\"");
        defaultSettings().forEach((field, value) -> asB.then().body(field, equalTo(value)));
        Response asA = given().auth().oauth2(admin(tenantA)).get(path());
        validSettings().forEach((field, value) -> asA.then().body(field, equalTo(value)));
    }

    @Test
    void refusesUpdateWithStaleIfMatch() {
        // Given
        String tenant = newTenant();
        put(admin(tenant), defaultSettings()).then().statusCode(200).header("ETag", "\"1\"");
        put(admin(tenant), defaultSettings()).then().statusCode(200).header("ETag", "\"2\"");
        // When
        Response stale = given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON)
                .header("If-Match", "\"1\"").body(validSettings()).put(path());
        // Then
        assertProblem(stale, 412, "precondition-failed");
        given().auth().oauth2(admin(tenant)).get(path()).then().header("ETag", "\"2\"");
    }

    @Test
    void refusesUpdateWithIfMatchWeOnlyIssueStrong() {
        // Given
        String tenant = newTenant();
        put(admin(tenant), defaultSettings()).then().statusCode(200).header("ETag", "\"1\"");
        // When
        Response weak = given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON)
                .header("If-Match", "W/\"1\"").body(validSettings()).put(path());
        // Then
        assertProblem(weak, 412, "precondition-failed");
        given().auth().oauth2(admin(tenant)).get(path()).then().header("ETag", "\"1\"");
    }

    @Test
    void refusesIfMatchAnyWhenNothingIsSaved() {
        // Given
        String tenant = newTenant();
        // When
        Response response = given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON)
                .header("If-Match", "*").body(validSettings()).put(path());
        // Then
        assertProblem(response, 412, "precondition-failed");
    }

    @Test
    void appliesUpdateWithCurrentIfMatch() {
        // Given
        String tenant = newTenant();
        put(admin(tenant), defaultSettings()).then().statusCode(200);
        // When
        Response response = given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON)
                .header("If-Match", "\"1\"").body(validSettings()).put(path());
        // Then
        response.then().statusCode(200).header("ETag", "\"2\"");
    }

    // --- bad input ---

    @Test
    void rejectsMalformedJsonWithoutEchoingIt() {
        // When
        Response response = given().auth().oauth2(admin(newTenant())).contentType(ContentType.JSON)
                .body("{\"secret-looking\": \"s3cr3t-value\", ").put(path());
        // Then
        assertProblem(response, 400, "malformed-request").body(not(org.hamcrest.Matchers.containsString("s3cr3t-value")));
    }

    @Test
    void describesMalformedJsonByItsPosition() {
        // When
        Response response = given().auth().oauth2(admin(newTenant())).contentType(ContentType.JSON)
                .body("{\"secret-looking\": \"s3cr3t-value\", ").put(path());
        // Then
        assertProblem(response, 400, "malformed-request")
                .body("detail", org.hamcrest.Matchers.startsWith("The request body is not valid JSON (line 1, column "));
    }

    @Test
    void rejectsKeyRepeatedAfterTheOthersNamingIt() {
        // Given: valid settings, then their first key again (Jackson failed on the record: 500)
        String tenant = newTenant();
        String settings = json(validSettings());
        String body = settings.substring(0, settings.length() - 1) + "," + firstKeyAgain() + "}";
        // When
        Response response = given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON).body(body).put(path());
        // Then
        assertRepeatedKeyRefused(response, tenant);
    }

    @Test
    void rejectsKeyRepeatedBeforeTheOthersNamingIt() {
        // Given: the first key twice, then the rest (Jackson kept the last value: 200)
        String tenant = newTenant();
        String body = "{" + firstKeyAgain() + "," + json(validSettings()).substring(1);
        // When
        Response response = given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON).body(body).put(path());
        // Then
        assertRepeatedKeyRefused(response, tenant);
    }

    /** {@code "pastDays":7}: the first of the valid settings, as a JSON member. */
    private String firstKeyAgain() {
        String field = validSettings().keySet().iterator().next();
        return json(field) + ":" + json(validSettings().get(field));
    }

    private void assertRepeatedKeyRefused(Response response, String tenant) {
        String field = validSettings().keySet().iterator().next();
        assertProblem(response, 400, "malformed-request").body("detail", equalTo("Field '" + field + "' appears more than once."));
        given().auth().oauth2(admin(tenant)).get(path()).then().header("ETag", "\"0\"");
    }

    @Test
    void rejectsFieldOfWrongType() {
        // When
        Response response = put(admin(newTenant()), wrongTypeSettings());
        // Then
        assertProblem(response, 400, "malformed-request").body("detail", org.hamcrest.Matchers.containsString(wrongTypeField()));
    }

    @Test
    void rejectsFailedValidationWithTheField() {
        // Given
        String tenant = newTenant();
        // When
        Response response = put(admin(tenant), invalidSettings());
        // Then
        assertProblem(response, 422, "validation-failed").body("errors.field", hasItem(invalidField()));
        given().auth().oauth2(admin(tenant)).get(path()).then().header("ETag", "\"0\"");
    }

    @Test
    void rejectsMissingBody() {
        // When
        Response response = given().auth().oauth2(admin(newTenant())).contentType(ContentType.JSON).put(path());
        // Then
        assertProblem(response, 422, "validation-failed");
    }

    @Test
    void rejectsUnsupportedContentType() {
        // When
        Response response = given().auth().oauth2(admin(newTenant())).contentType(ContentType.TEXT).body("hello").put(path());
        // Then
        assertProblem(response, 415, "unsupported-media-type");
    }

    @Test
    void rejectsUnknownRoute() {
        // When
        Response response = given().auth().oauth2(admin(newTenant())).get("/no/such/route");
        // Then
        assertProblem(response, 404, "not-found");
    }

    @Test
    void rejectsUnsupportedMethod() {
        // When
        Response response = given().auth().oauth2(admin(newTenant())).delete(path());
        // Then
        assertProblem(response, 405, "method-not-allowed");
    }

    @Test
    void rejectsBodyOverTheLimit() {
        // Given: a 1 MB limit; the body declares its length
        String tenant = newTenant();
        byte[] body = oversizedBody();
        // When
        Response response = given().auth().oauth2(admin(tenant)).contentType(ContentType.JSON).body(body).put(path());
        // Then
        assertProblem(response, 413, "payload-too-large");
        given().auth().oauth2(admin(tenant)).get(path()).then().header("ETag", "\"0\"");
    }

    @Test
    void rejectsChunkedBodyOverTheLimit() {
        // Given: the same body streamed without a Content-Length
        InputStream body = new java.io.ByteArrayInputStream(oversizedBody());
        // When
        Response response = given().auth().oauth2(admin(newTenant())).contentType(ContentType.JSON).body(body).put(path());
        // Then
        assertProblem(response, 413, "payload-too-large");
    }

    // --- refused before any of our code runs: status only, no body (docs/errors.md, "Refused before routing") ---

    @Test
    void refusesRequestLineOverTheLimit() {
        // When: the request line is over quarkus.http.limits.max-initial-line-length (4096)
        RawHttp.Answer answer = RawHttp.send("GET " + path() + "?padding=" + "a".repeat(5000) + " HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\n\r\n");
        // Then
        assertEquals(414, answer.status());
        assertEquals("", answer.body());
    }

    @Test
    void refusesHeadersOverTheLimit() {
        // When: the headers are over quarkus.http.limits.max-header-size (20K)
        RawHttp.Answer answer = RawHttp.send("GET " + path() + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "X-Padding: " + "a".repeat(25 * 1024) + "\r\n\r\n");
        // Then
        assertEquals(431, answer.status());
        assertEquals("", answer.body());
    }

    @Test
    void refusesBrokenPercentEncoding() {
        // When: %zz is not an escape, in the path and in the query
        RawHttp.Answer inPath = RawHttp.send("GET " + path() + "%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        RawHttp.Answer inQuery = RawHttp.send("GET " + path() + "?x=%zz HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
        // Then
        assertEquals(400, inPath.status());
        assertEquals("", inPath.body());
        assertEquals(400, inQuery.status());
        assertEquals("", inQuery.body());
    }

    @Test
    void servesHealthAndMetricsAndOpenApiWithoutToken() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(not(nullValue()));
    }

    private static byte[] oversizedBody() {
        StringBuilder json = new StringBuilder("{\"padding\":\"");
        json.append("x".repeat(1024 * 1024 + 16));
        json.append("\"}");
        return json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + value, e);
        }
    }

    protected static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
