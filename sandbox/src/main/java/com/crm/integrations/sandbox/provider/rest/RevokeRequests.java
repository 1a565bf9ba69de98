package com.crm.integrations.sandbox.provider.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.core.UriInfo;

/** Reads {@code token} from a revoke request's form body, or else its query (Google documents both). */
final class RevokeRequests {

    private RevokeRequests() {
    }

    static String token(UriInfo uri, String body) {
        if (body != null && !body.isBlank()) {
            for (String pair : body.trim().split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                if (name.equals("token") && equals > 0) {
                    try {
                        String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                        return value.isEmpty() ? null : value;
                    } catch (IllegalArgumentException malformed) {
                        return null;
                    }
                }
            }
        }
        String query = uri.getQueryParameters().getFirst("token");
        return query == null || query.isEmpty() ? null : query;
    }
}
