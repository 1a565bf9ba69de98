package com.crm.integrations.mailchimp.health;

import com.crm.integrations.mailchimp.MailchimpInfrastructure;
import com.crm.integrations.testing.contract.ReadinessContract;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(MailchimpInfrastructure.class)
class ReadinessTest extends ReadinessContract {

    @Override
    protected String databaseBackedPath() {
        return "/mailchimp/settings";
    }
}
