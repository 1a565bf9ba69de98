package com.crm.integrations.testing.contract;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.http.ContentType;

/**
 * Bearer tokens for tests, minted by the sandbox identity provider the test resource started
 * ({@code integrations.identity.url}), plus a forged one signed by a key the sandbox never had.
 */
public final class SandboxTokens {

    private SandboxTokens() {
    }

    public static String identityUrl() {
        return ConfigProvider.getConfig().getValue("integrations.identity.url", String.class);
    }

    public static String issuer() {
        return identityUrl() + "/idp";
    }

    /** A user token of {@code tenant}, valid for an hour. */
    public static String user(String tenant, String user, String... roles) {
        return devToken(tenant, user, List.of(roles), 3600, null);
    }

    /** A user token of {@code tenant} that expires {@code seconds} from now. */
    public static String userExpiringIn(String tenant, String user, int seconds) {
        return devToken(tenant, user, List.of(), seconds, null);
    }

    /** A user token that expired ten minutes ago (beyond any clock-skew allowance). */
    public static String expiredUser(String tenant, String user) {
        return devToken(tenant, user, List.of(), -600, null);
    }

    /** A user token signed by the sandbox's key but naming another issuer. */
    public static String userFromIssuer(String tenant, String user, String foreignIssuer) {
        return devToken(tenant, user, List.of(), 3600, foreignIssuer);
    }

    /** An operator token: no tenant. */
    public static String operator(String user) {
        return devToken(null, user, List.of("operator"), 3600, null);
    }

    /** A client-credentials token for {@code clientId}, with the shared client secret. */
    public static String service(String clientId) {
        String secret = ConfigProvider.getConfig().getValue("integrations.identity.client-secret", String.class);
        return given().auth().preemptive().basic(clientId, secret)
                .formParam("grant_type", "client_credentials")
                .post(issuer() + "/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    /**
     * A user token with every claim right (issuer, audience, tenant, expiry) but signed by a key
     * pair generated here, which the sandbox's key set does not hold.
     */
    public static String signedByAnotherKey(String tenant, String user) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            long now = Instant.now().getEpochSecond();
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", issuer());
            claims.put("aud", "crm-integrations");
            claims.put("sub", user);
            claims.put("upn", user);
            claims.put("tenant_id", tenant);
            claims.put("groups", List.of("user", "tenant_admin"));
            claims.put("iat", now);
            claims.put("exp", now + 3600);
            String header = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"forged\"}");
            String payload = base64Url(toJson(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String devToken(String tenant, String user, List<String> roles, int expiresIn, String issuer) {
        Map<String, Object> request = new LinkedHashMap<>();
        if (tenant != null) {
            request.put("tenantId", tenant);
        }
        request.put("userId", user);
        request.put("roles", roles);
        request.put("expiresIn", expiresIn);
        if (issuer != null) {
            request.put("issuer", issuer);
        }
        return given().contentType(ContentType.JSON).body(request)
                .post(identityUrl() + "/idp/dev-tokens")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String toJson(Object value) {
        if (value instanceof String text) {
            return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SandboxTokens::toJson).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream()
                    .map(entry -> toJson(entry.getKey().toString()) + ":" + toJson(entry.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        return String.valueOf(value);
    }
}
