package com.crm.integrations.status.health;

import com.crm.integrations.status.StatusInfrastructure;
import com.crm.integrations.testing.contract.ReadinessContract;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(StatusInfrastructure.class)
class ReadinessTest extends ReadinessContract {

    @Override
    protected String databaseBackedPath() {
        return "/status/attention-policy";
    }
}
