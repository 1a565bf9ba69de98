package com.crm.integrations.calendar.health;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.testing.contract.ReadinessContract;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class ReadinessTest extends ReadinessContract {

    @Override
    protected String databaseBackedPath() {
        return "/calendar/settings";
    }
}
