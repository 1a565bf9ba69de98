package com.crm.integrations.sandbox.provider.rest;

/** The JSON body of {@code POST /control/mailchimp/api-keys}: the data centre of the key, e.g. {@code us14}. */
public record ApiKeyRequest(String dc) {
}
