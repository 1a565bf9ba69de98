package com.crm.integrations.sandbox.provider.service;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.crm.integrations.sandbox.provider.ProviderRefusal;

/** JSON answers of the token endpoints: never cached (RFC 6749 §5.1). */
public final class ProviderResponses {

    public static final String JSON_UTF8 = "application/json; charset=utf-8";

    private ProviderResponses() {
    }

    public static Response noStore(int status, Object body) {
        return Response.status(status)
                .type(JSON_UTF8)
                .entity(body)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .build();
    }

    /** The RFC 6749 §5.2 body {@code {"error", "error_description"}}, the description left out when {@code null}. */
    public static Map<String, Object> oauthError(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (description != null) {
            body.put("error_description", description);
        }
        return body;
    }

    public static ProviderRefusal refusal(Response response, String reason) {
        return new ProviderRefusal(response, reason);
    }
}
