package com.crm.integrations.sandbox.provider.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.control.SandboxReset;
import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.error.NotFoundException;
import com.crm.integrations.sandbox.provider.MapboxTokenSpec;
import com.crm.integrations.sandbox.provider.config.MapboxConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Mapbox access tokens (PROVIDERS.md §7): {@code <pk|sk|tk>.<base64url {"u":user,"a":authorization}>.<signature>}, and
 * the token check's verdicts {@code TokenValid}, {@code TokenMalformed}, {@code TokenInvalid}, {@code TokenRevoked},
 * {@code TokenExpired}.
 */
@Singleton
public class MapboxTokens {

    private static final Logger LOG = Logger.getLogger(MapboxTokens.class);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** A verdict: its HTTP status and body. */
    public record Check(int status, Map<String, Object> body) {
    }

    private record Issued(String usage, String user, String authorization, List<String> scopes, Instant expiresAt,
            AtomicBoolean revoked) {
    }

    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final IssuedSecrets secrets;
    private final SandboxClock clock;
    private final ObjectMapper json;
    private final Duration maxTemporaryLifetime;

    MapboxTokens(IssuedSecrets secrets, SandboxClock clock, ObjectMapper json, MapboxConfig config) {
        this.secrets = secrets;
        this.clock = clock;
        this.json = json;
        this.maxTemporaryLifetime = config.temporaryTokenMaxLifetime();
    }

    public String issue(MapboxTokenSpec spec) {
        Instant expiresAt = null;
        if (spec.usage().equals("tk")) {
            long seconds = spec.expiresInSeconds() == null ? maxTemporaryLifetime.toSeconds() : spec.expiresInSeconds();
            if (seconds > maxTemporaryLifetime.toSeconds() || seconds < -86_400) {
                throw new InvalidRequestException("expiresIn must be between -86400 and " + maxTemporaryLifetime.toSeconds() + " seconds");
            }
            expiresAt = clock.now().plusSeconds(seconds);
        }
        String authorization = "cl" + RandomTokens.alphanumeric(23).toLowerCase(java.util.Locale.ROOT);
        String payload = "{\"u\":\"" + spec.user() + "\",\"a\":\"" + authorization + "\"}"; // both are [A-Za-z0-9_-] only
        String token = spec.usage() + "." + BASE64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + RandomTokens.base64Url(16);
        tokens.put(token, new Issued(spec.usage(), spec.user(), authorization, spec.scopes(), expiresAt, new AtomicBoolean()));
        secrets.record(token);
        LOG.infof("Issued a Mapbox token: usage=%s user=%s", spec.usage(), spec.user());
        return token;
    }

    /** @throws NotFoundException when the token was never issued */
    public void revoke(String token) {
        Issued issued = tokens.get(token);
        if (issued == null) {
            throw new NotFoundException("no Mapbox token of that value was issued");
        }
        issued.revoked().set(true);
        LOG.infof("Revoked a Mapbox token: usage=%s user=%s", issued.usage(), issued.user());
    }

    /** {@code GET /tokens/v2?access_token=}: 200 for {@code TokenValid}, 401 with the same shape for the others. */
    public Check check(String token) {
        Map<String, String> claims = parse(token);
        if (claims == null) {
            return new Check(401, Map.of("code", "TokenMalformed"));
        }
        Issued issued = tokens.get(token);
        if (issued == null) {
            return verdict(401, "TokenInvalid", block(claims.get("usage"), claims.get("u"), claims.get("a"), null));
        }
        Map<String, Object> block = block(issued.usage(), issued.user(), issued.authorization(), issued.scopes());
        if (issued.revoked().get()) {
            return verdict(401, "TokenRevoked", block);
        }
        if (issued.expiresAt() != null && !clock.now().isBefore(issued.expiresAt())) {
            return verdict(401, "TokenExpired", block);
        }
        return verdict(200, "TokenValid", block);
    }

    /** Usage, user and authorization of a well-formed token; {@code null} when it is not one. */
    private Map<String, String> parse(String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !MapboxTokenSpec.USAGES.contains(parts[0]) || parts[1].isEmpty() || parts[2].isEmpty()) {
            return null;
        }
        try {
            JsonNode payload = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (payload == null || !payload.path("u").isTextual()) {
                return null;
            }
            Map<String, String> claims = new LinkedHashMap<>();
            claims.put("usage", parts[0]);
            claims.put("u", payload.path("u").asText());
            claims.put("a", payload.path("a").isTextual() ? payload.path("a").asText() : null);
            return claims;
        } catch (IllegalArgumentException | java.io.IOException notAToken) {
            return null;
        }
    }

    private static Map<String, Object> block(String usage, String user, String authorization, List<String> scopes) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("usage", usage);
        block.put("user", user);
        if (authorization != null) {
            block.put("authorization", authorization);
        }
        block.put("client", "api");
        if (scopes != null) {
            block.put("scopes", scopes);
        }
        return block;
    }

    private static Check verdict(int status, String code, Map<String, Object> block) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("token", block);
        return new Check(status, body);
    }

    void reset(@Observes SandboxReset reset) {
        tokens.clear();
    }
}
