package com.crm.integrations.sandbox.provider;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A 302 back to the client's {@code redirectUri} with {@code parameters} added to its query, in their order;
 * {@code null} values are left out.
 */
public record Redirect(String redirectUri, Map<String, String> parameters) implements ProviderAnswer {

    public Redirect {
        Objects.requireNonNull(redirectUri, "redirectUri");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** A redirect with the {@code name, value} pairs, in that order. */
    public static Redirect to(String redirectUri, String... namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Redirect(redirectUri, parameters);
    }

    /** This redirect with {@code more} parameters after its own. */
    public Redirect with(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.putAll(more);
        return new Redirect(redirectUri, all);
    }
}
