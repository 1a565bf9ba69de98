package com.crm.integrations.status.rest;

import java.util.Map;

import com.crm.integrations.status.StatusInfrastructure;
import com.crm.integrations.testing.contract.TenantSettingsApiContract;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(StatusInfrastructure.class)
class AttentionPolicyApiTest extends TenantSettingsApiContract {

    @Override
    protected String path() {
        return "/status/attention-policy";
    }

    @Override
    protected String internalPath(String tenant) {
        return "/internal/tenants/" + tenant + "/status/attention-policy";
    }

    @Override
    protected Map<String, Object> validSettings() {
        return map("failuresBeforeAttention", 5, "notifyTenantAdmins", false);
    }

    @Override
    protected Map<String, Object> defaultSettings() {
        return map("failuresBeforeAttention", 3, "notifyTenantAdmins", true);
    }

    @Override
    protected Map<String, Object> invalidSettings() {
        return map("failuresBeforeAttention", 0, "notifyTenantAdmins", true);
    }

    @Override
    protected String invalidField() {
        return "failuresBeforeAttention";
    }

    @Override
    protected Map<String, Object> wrongTypeSettings() {
        return map("failuresBeforeAttention", "three", "notifyTenantAdmins", true);
    }

    @Override
    protected String wrongTypeField() {
        return "failuresBeforeAttention";
    }
}
