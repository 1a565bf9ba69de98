package com.crm.integrations.sandbox.oauth;

/**
 * What a client presented to authenticate at the token endpoint: its id and secret, and
 * whether it sent them by HTTP Basic ({@code client_secret_basic}) or in the form
 * ({@code client_secret_post}). {@code toString} never shows the secret.
 */
public record ClientCredentials(String clientId, String clientSecret, boolean basic) {

    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + ", method=" + (basic ? "client_secret_basic" : "client_secret_post") + "]";
    }
}
