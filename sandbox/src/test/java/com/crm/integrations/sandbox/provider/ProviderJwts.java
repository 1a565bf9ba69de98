package com.crm.integrations.sandbox.provider;

import static io.restassured.RestAssured.given;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/** Verifies the stand-ins' id_tokens against the sandbox's JWKS: signature and expiry, claims left to the test. */
final class ProviderJwts {

    private ProviderJwts() {
    }

    static JwtClaims verify(String token) throws InvalidJwtException, JoseException {
        String jwks = given().get("/idp/jwks").then().statusCode(200).extract().asString();
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setSkipDefaultAudienceValidation()
                .build()
                .processToClaims(token);
    }
}
