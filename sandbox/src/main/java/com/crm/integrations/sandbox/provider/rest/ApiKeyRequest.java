package com.crm.integrations.sandbox.provider.rest;

/**
 * The JSON body of {@code POST /control/mailchimp/api-keys}: the data centre of the key, e.g. {@code us14}, and the
 * account it belongs to ({@code null}: the default account, {@code sandbox.providers.default-account}).
 */
public record ApiKeyRequest(String dc, String account) {
}
