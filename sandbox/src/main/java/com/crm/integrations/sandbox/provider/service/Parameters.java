package com.crm.integrations.sandbox.provider.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.crm.integrations.sandbox.provider.Refusal;
import com.crm.integrations.sandbox.provider.TokenError;

/** Reads the parameters of a query or form, as JAX-RS hands them over: every value of each name. */
final class Parameters {

    private Parameters() {
    }

    /** The first value of {@code name}, or {@code null}. */
    static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static boolean repeated(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values != null && values.size() > 1;
    }

    /**
     * A token or revocation form (RFC 6749 §3.2): each parameter at most once; empty ones count as absent.
     *
     * @throws com.crm.integrations.sandbox.provider.ProviderRefusal for a repeated parameter, in the provider's words
     */
    static Map<String, String> singles(ProviderProfile profile, Map<String, List<String>> form) {
        Map<String, String> singles = new HashMap<>();
        for (Map.Entry<String, List<String>> parameter : form.entrySet()) {
            if (parameter.getValue().size() > 1) {
                throw Refusals.token(profile, TokenError.of(Refusal.MALFORMED_REQUEST, "parameter " + parameter.getKey() + " is repeated"));
            }
            if (!parameter.getValue().isEmpty() && !parameter.getValue().get(0).isEmpty()) {
                singles.put(parameter.getKey(), parameter.getValue().get(0));
            }
        }
        return singles;
    }
}
