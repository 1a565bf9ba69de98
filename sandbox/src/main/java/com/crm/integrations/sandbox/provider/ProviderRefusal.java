package com.crm.integrations.sandbox.provider;

import jakarta.ws.rs.core.Response;

/**
 * A refusal already rendered the way its provider answers it (status, headers, body, or a redirect or error page);
 * {@link com.crm.integrations.sandbox.error.ErrorMappers} sends it as it is.
 */
public class ProviderRefusal extends RuntimeException {

    private final transient Response response;

    public ProviderRefusal(Response response, String reason) {
        // The caller's mistake, not a bug: no stack trace.
        super(reason, null, false, false);
        this.response = response;
    }

    public Response response() {
        return response;
    }
}
