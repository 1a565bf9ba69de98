package com.crm.integrations.mailchimp.rest;

import java.util.Map;

import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.testing.contract.TenantSettingsApiContract;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class MailchimpSettingsApiTest extends TenantSettingsApiContract {

    @Override
    protected String path() {
        return "/mailchimp/settings";
    }

    @Override
    protected String internalPath(String tenant) {
        return "/internal/tenants/" + tenant + "/mailchimp/settings";
    }

    @Override
    protected Map<String, Object> validSettings() {
        return map("defaultAudienceId", "a1b2c3d4e5", "doubleOptIn", false, "tagPrefix", "acme-");
    }

    @Override
    protected Map<String, Object> defaultSettings() {
        return map("doubleOptIn", true, "tagPrefix", "crm-");
    }

    @Override
    protected Map<String, Object> invalidSettings() {
        return map("defaultAudienceId", "not-an-audience", "doubleOptIn", true, "tagPrefix", "crm-");
    }

    @Override
    protected String invalidField() {
        return "defaultAudienceId";
    }

    @Override
    protected Map<String, Object> wrongTypeSettings() {
        return map("doubleOptIn", java.util.List.of(true), "tagPrefix", "crm-");
    }

    @Override
    protected String wrongTypeField() {
        return "doubleOptIn";
    }
}
