package com.crm.integrations.sandbox.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class TokenEndpointTest {

    private static final String SECRET = "test-client-secret";

    @Test
    void issuesAServiceTokenToAClientAuthenticatedByBasic() throws Exception {
        // When
        Response response = form().auth().preemptive().basic("calendar-service", SECRET)
                .formParam("grant_type", "client_credentials")
                .post("/idp/token");

        // Then
        response.then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(300));
        JwtClaims claims = Jwts.verify(response.path("access_token"));
        assertEquals("calendar-service", claims.getSubject());
        assertEquals("calendar-service", claims.getClaimValue("azp"));
        assertEquals("calendar-service", claims.getClaimValue("client_id"));
        assertEquals(List.of("service"), claims.getStringListClaimValue("groups"));
        assertFalse(claims.hasClaim("tenant_id"));
        assertEquals(300, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
    }

    @Test
    void issuesAServiceTokenToAClientAuthenticatedInTheForm() throws Exception {
        // When
        Response response = form()
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "token-service")
                .formParam("client_secret", SECRET)
                .post("/idp/token");

        // Then
        response.then().statusCode(200).header("Cache-Control", "no-store");
        assertEquals("token-service", Jwts.verify(response.path("access_token")).getSubject());
    }

    @Test
    void refusesAWrongSecretSentByBasicWithAChallenge() {
        // When
        Response response = form().auth().preemptive().basic("token-service", "not-the-secret")
                .formParam("grant_type", "client_credentials")
                .post("/idp/token");

        // Then
        response.then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Basic"))
                .body("error", equalTo("invalid_client"))
                .body("access_token", equalTo(null));
    }

    @Test
    void refusesAWrongSecretSentInTheForm() {
        // When
        Response response = form()
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "token-service")
                .formParam("client_secret", "not-the-secret")
                .post("/idp/token");

        // Then
        response.then().statusCode(401).body("error", equalTo("invalid_client"));
        assertFalse(response.headers().hasHeaderWithName("WWW-Authenticate"));
    }

    @Test
    void refusesAClientThatIsNotRegistered() {
        // When
        Response response = form().auth().preemptive().basic("stranger", SECRET)
                .formParam("grant_type", "client_credentials")
                .post("/idp/token");

        // Then
        response.then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void refusesARequestWithoutClientCredentials() {
        // When
        Response response = form().formParam("grant_type", "client_credentials").post("/idp/token");

        // Then
        response.then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void refusesAnUnsupportedGrantType() {
        // When
        Response response = form().auth().preemptive().basic("token-service", SECRET)
                .formParam("grant_type", "password")
                .post("/idp/token");

        // Then
        response.then()
                .statusCode(400)
                .header("Cache-Control", "no-store")
                .body("error", equalTo("unsupported_grant_type"))
                .body("error_description", equalTo("only grant_type=client_credentials is supported"));
    }

    @Test
    void refusesARequestWithoutGrantType() {
        // When
        Response response = form().auth().preemptive().basic("token-service", SECRET)
                .formParam("scope", "")
                .post("/idp/token");

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void refusesARepeatedParameter() {
        // When
        Response response = form().auth().preemptive().basic("token-service", SECRET)
                .formParam("grant_type", "client_credentials", "client_credentials")
                .post("/idp/token");

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void refusesTwoClientAuthenticationMethodsAtOnce() {
        // When
        Response response = form().auth().preemptive().basic("token-service", SECRET)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "token-service")
                .formParam("client_secret", SECRET)
                .post("/idp/token");

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void refusesAScopeItDoesNotGrant() {
        // When
        Response response = form().auth().preemptive().basic("token-service", SECRET)
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "admin")
                .post("/idp/token");

        // Then
        response.then().statusCode(400).body("error", equalTo("invalid_scope"));
    }

    @Test
    void signsEachTokenWithAFreshId() throws Exception {
        // Given
        String first = basicToken();

        // When
        String second = basicToken();

        // Then
        assertNotEquals(Jwts.verify(first).getJwtId(), Jwts.verify(second).getJwtId());
    }

    private static String basicToken() {
        return form().auth().preemptive().basic("status-service", SECRET)
                .formParam("grant_type", "client_credentials")
                .post("/idp/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static RequestSpecification form() {
        return given().contentType(ContentType.URLENC.withCharset("UTF-8"));
    }
}
