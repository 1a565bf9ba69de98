package com.crm.integrations.sandbox.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class DevTokenTest {

    @Test
    void mintsAUserTokenForATenant() throws Exception {
        // When
        Response response = mint("""
                {"tenantId": "acme", "userId": "u-123", "roles": ["tenant_admin"], "expiresIn": 600}""");

        // Then
        response.then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(600));
        JwtClaims claims = Jwts.verify(response.path("access_token"));
        assertEquals("acme", claims.getStringClaimValue("tenant_id"));
        assertEquals("u-123", claims.getSubject());
        assertEquals("u-123", claims.getStringClaimValue("upn"));
        assertEquals(List.of("user", "tenant_admin"), claims.getStringListClaimValue("groups"));
        assertEquals(600, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
    }

    @Test
    void mintsAPlainUserTokenWithTheDefaultLifetime() throws Exception {
        // When
        Response response = mint("""
                {"tenantId": "acme", "userId": "u-1"}""");

        // Then
        response.then().statusCode(200).body("expires_in", equalTo(3600));
        assertEquals(List.of("user"), Jwts.verify(response.path("access_token")).getStringListClaimValue("groups"));
    }

    @Test
    void mintsAnOperatorTokenWithoutTenant() throws Exception {
        // When
        Response response = mint("""
                {"userId": "ops-1", "roles": ["operator"]}""");

        // Then
        response.then().statusCode(200);
        JwtClaims claims = Jwts.verify(response.path("access_token"));
        assertFalse(claims.hasClaim("tenant_id"));
        assertEquals(List.of("user", "operator"), claims.getStringListClaimValue("groups"));
    }

    @Test
    void mintsAnAlreadyExpiredTokenForANegativeLifetime() throws Exception {
        // When
        Response response = mint("""
                {"tenantId": "acme", "userId": "u-123", "expiresIn": -3600}""");

        // Then
        response.then().statusCode(200);
        String token = response.path("access_token");
        JwtClaims claims = Jwts.verifySignatureOnly(token);
        assertTrue(claims.getExpirationTime().getValue() < Instant.now().getEpochSecond() - 3000);
        assertThrows(InvalidJwtException.class, () -> Jwts.verify(token));
    }

    @Test
    void mintsATokenFromAnotherIssuerWhenAsked() throws Exception {
        // When
        Response response = mint("""
                {"tenantId": "acme", "userId": "u-123", "issuer": "https://evil.example/idp"}""");

        // Then
        response.then().statusCode(200);
        String token = response.path("access_token");
        assertEquals("https://evil.example/idp", Jwts.verifySignatureOnly(token).getIssuer());
        assertThrows(InvalidJwtException.class, () -> Jwts.verify(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"tenantId\": \"acme\", \"userId\": \"u-1\", \"roles\": [\"superuser\"]}",
            "{\"tenantId\": \"acme\", \"userId\": \"u-1\", \"roles\": [null]}",
            "{\"userId\": \"u-1\", \"roles\": [\"tenant_admin\"]}",
            "{\"userId\": \"u-1\"}",
            "{\"tenantId\": \"acme\"}",
            "{\"tenantId\": \"acme\", \"userId\": \"u 1\"}",
            "{\"tenantId\": \"\", \"userId\": \"u-1\"}",
            "{\"tenantId\": \"a/b\", \"userId\": \"u-1\"}",
            "{\"tenantId\": \"acme\", \"userId\": \"x012345678901234567890123456789012345678901234567890123456789abcd\"}",
            "{\"tenantId\": \"acme\", \"userId\": \"u-1\", \"expiresIn\": 86401}",
            "{\"tenantId\": \"acme\", \"userId\": \"u-1\", \"expiresIn\": -86401}",
            "{\"tenantId\": \"acme\", \"userId\": \"u-1\", \"expiresIn\": \"soon\"}",
            "{\"tenantId\": \"acme\", \"userId\": \"u-1\", \"issuer\": \" \"}",
            "{\"tenantId\": \"acme\", \"userId\": \"u-1\", \"tenant_id\": \"other\"}",
            "{\"tenantId\": \"acme\", \"userId\": ",
            "[]",
            "not json",
            ""
    })
    void refusesBadInput(String body) {
        // When
        Response response = mint(body);

        // Then
        response.then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", equalTo("invalid_request"))
                .body("error_description", notNullValue());
    }

    private static Response mint(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/idp/dev-tokens");
    }
}
