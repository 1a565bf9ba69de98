package com.crm.integrations.sandbox.provider;

/** A 400 error page: what a provider shows when it cannot, or will not, redirect back to the client. */
public record ErrorPage(String providerName, String error, String description) implements ProviderAnswer {
}
