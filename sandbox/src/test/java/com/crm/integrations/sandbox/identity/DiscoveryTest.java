package com.crm.integrations.sandbox.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.math.BigInteger;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class DiscoveryTest {

    @Test
    void publishesOpenIdConfigurationForTheConfiguredIssuer() {
        // When
        var discovery = given().get("/idp/.well-known/openid-configuration");

        // Then
        discovery.then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("issuer", equalTo(Jwts.ISSUER))
                .body("jwks_uri", equalTo(Jwts.ISSUER + "/jwks"))
                .body("token_endpoint", equalTo(Jwts.ISSUER + "/token"))
                .body("authorization_endpoint", equalTo(Jwts.ISSUER + "/authorize"))
                .body("grant_types_supported", contains("client_credentials"))
                .body("token_endpoint_auth_methods_supported", containsInAnyOrder("client_secret_basic", "client_secret_post"))
                .body("id_token_signing_alg_values_supported", contains("RS256"))
                .body("subject_types_supported", contains("public"))
                .body("response_types_supported", not(hasSize(0)))
                .body("claims_supported", hasItem("tenant_id"));
    }

    @Test
    void publishesTheSigningKeyAsAnRsaJwk() {
        // When
        var jwks = given().get("/idp/jwks");

        // Then
        jwks.then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("keys", hasSize(1))
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].use", equalTo("sig"))
                .body("keys[0].alg", equalTo("RS256"))
                .body("keys[0].kid", matchesPattern("[A-Za-z0-9_-]{43}"))
                .body("keys[0].e", equalTo("AQAB"))
                .body("keys[0].n", matchesPattern("[A-Za-z0-9_-]+"))
                .body("keys[0]", not(hasKey("d")));
        String n = jwks.path("keys[0].n");
        BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(n));
        assertEquals(2048, modulus.bitLength());
    }

    @Test
    void refusesTheAuthorizationEndpointWithoutRedirecting() {
        // When
        var authorize = given().redirects().follow(false).queryParam("response_type", "code").get("/idp/authorize");

        // Then
        authorize.then().statusCode(400).body("error", equalTo("invalid_request"));
    }
}
