package com.crm.integrations.sandbox.provider;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON answer of a token endpoint, field for field as the provider sends it; rendered never cached (RFC 6749 §5.1).
 *
 * @param body in the provider's field order; {@code null} values are sent as {@code null}
 * @param wwwAuthenticate the {@code WWW-Authenticate} challenge, or {@code null} for none
 */
public record JsonAnswer(int status, Map<String, Object> body, String wwwAuthenticate) implements ProviderAnswer {

    public JsonAnswer {
        body = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(body, "body")));
    }

    public static JsonAnswer of(int status, Map<String, Object> body) {
        return new JsonAnswer(status, body, null);
    }

    /** The RFC 6749 §5.2 body {@code {"error", "error_description"}}, the description left out when {@code null}. */
    public static JsonAnswer oauthError(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (description != null) {
            body.put("error_description", description);
        }
        return of(status, body);
    }

    public JsonAnswer withChallenge(String challenge) {
        return new JsonAnswer(status, body, challenge);
    }
}
