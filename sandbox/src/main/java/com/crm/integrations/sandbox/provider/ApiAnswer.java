package com.crm.integrations.sandbox.provider;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON answer of a provider's API (not its token endpoint): the body in the provider's field order and the headers it
 * sends with it ({@code Retry-After}, Graph's {@code request-id}).
 */
public record ApiAnswer(int status, Map<String, Object> body, Map<String, String> headers) implements ProviderAnswer {

    public ApiAnswer {
        body = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(body, "body")));
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
    }
}
