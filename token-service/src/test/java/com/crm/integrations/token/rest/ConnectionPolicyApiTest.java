package com.crm.integrations.token.rest;

import java.util.Map;

import com.crm.integrations.testing.contract.TenantSettingsApiContract;
import com.crm.integrations.token.TokenServiceInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class ConnectionPolicyApiTest extends TenantSettingsApiContract {

    @Override
    protected String path() {
        return "/connection-policy";
    }

    @Override
    protected String internalPath(String tenant) {
        return "/internal/tenants/" + tenant + "/connection-policy";
    }

    @Override
    protected Map<String, Object> validSettings() {
        return map("allowedProviders", java.util.List.of("google", "mapbox"), "apiKeysRequireAdmin", false);
    }

    @Override
    protected Map<String, Object> defaultSettings() {
        // Every configured provider, by name: the test configuration adds `acme` by configuration alone.
        return map("allowedProviders", java.util.List.of("acme", "google", "mailchimp", "mapbox", "microsoft"), "apiKeysRequireAdmin", true);
    }

    @Override
    protected Map<String, Object> invalidSettings() {
        return map("allowedProviders", null, "apiKeysRequireAdmin", true);
    }

    @Override
    protected String invalidField() {
        return "allowedProviders";
    }

    @Override
    protected Map<String, Object> wrongTypeSettings() {
        return map("allowedProviders", java.util.List.of("google"), "apiKeysRequireAdmin", "sometimes");
    }

    @Override
    protected String wrongTypeField() {
        return "apiKeysRequireAdmin";
    }
}
