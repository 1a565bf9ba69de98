package com.crm.integrations.sandbox.provider;

import java.util.Objects;

/**
 * A refusal in its provider's words (an error body, page or redirect); {@link com.crm.integrations.sandbox.error.ErrorMappers}
 * sends it as it is.
 */
public class ProviderRefusal extends RuntimeException {

    private final transient ProviderAnswer answer;

    public ProviderRefusal(ProviderAnswer answer, String reason) {
        // The caller's mistake, not a bug: no stack trace.
        super(reason, null, false, false);
        this.answer = Objects.requireNonNull(answer, "answer");
    }

    public ProviderAnswer answer() {
        return answer;
    }
}
