package com.crm.integrations.sandbox.mailchimp;

/**
 * What one batch operation answered, as the results archive holds it: {@code status_code}, {@code operation_id} and
 * {@code response}, the JSON body as a string ({@code ""} for none, e.g. a 204).
 */
public record OperationResult(int statusCode, String operationId, String response) {

    public boolean errored() {
        return statusCode >= 400;
    }
}
