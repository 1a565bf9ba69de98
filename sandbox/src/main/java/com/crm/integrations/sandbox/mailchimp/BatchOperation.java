package com.crm.integrations.sandbox.mailchimp;

import java.util.Map;

/**
 * One operation of a {@code /batches} request (PROVIDERS.md §5.3): an API call by method and path (relative to
 * {@code /3.0}), its query parameters, its body as a JSON string ({@code null}: none) and the client's id for it.
 */
public record BatchOperation(String method, String path, Map<String, String> params, String body, String operationId) {

    public BatchOperation {
        params = Map.copyOf(params);
    }
}
