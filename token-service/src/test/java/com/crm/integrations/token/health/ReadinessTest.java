package com.crm.integrations.token.health;

import com.crm.integrations.testing.contract.ReadinessContract;
import com.crm.integrations.token.TokenServiceInfrastructure;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TokenServiceInfrastructure.class)
class ReadinessTest extends ReadinessContract {

    @Override
    protected String databaseBackedPath() {
        return "/connection-policy";
    }
}
