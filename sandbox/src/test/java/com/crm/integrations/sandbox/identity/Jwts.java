package com.crm.integrations.sandbox.identity;

import static io.restassured.RestAssured.given;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/** Verifies the sandbox's tokens the way a resource server would: against the published JWKS. */
final class Jwts {

    static final String ISSUER = "http://sandbox.test/idp";
    static final String AUDIENCE = "crm-integrations";

    private Jwts() {
    }

    /** Checks signature (RS256, key found by {@code kid} in the JWKS), issuer, audience and expiry. */
    static JwtClaims verify(String token) throws InvalidJwtException, JoseException {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(jwksResolver())
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(AUDIENCE)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .build()
                .processToClaims(token);
    }

    /** Checks the signature only: for tokens that are expired or from another issuer on purpose. */
    static JwtClaims verifySignatureOnly(String token) throws InvalidJwtException, JoseException {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(jwksResolver())
                .setSkipAllValidators()
                .build()
                .processToClaims(token);
    }

    private static JwksVerificationKeyResolver jwksResolver() throws JoseException {
        String jwks = given().get("/idp/jwks").then().statusCode(200).extract().asString();
        return new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys());
    }
}
