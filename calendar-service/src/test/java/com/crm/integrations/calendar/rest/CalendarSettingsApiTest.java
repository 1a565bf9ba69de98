package com.crm.integrations.calendar.rest;

import java.util.Map;

import com.crm.integrations.calendar.CalendarInfrastructure;
import com.crm.integrations.testing.contract.TenantSettingsApiContract;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(CalendarInfrastructure.class)
class CalendarSettingsApiTest extends TenantSettingsApiContract {

    @Override
    protected String path() {
        return "/calendar/settings";
    }

    @Override
    protected String internalPath(String tenant) {
        return "/internal/tenants/" + tenant + "/calendar/settings";
    }

    @Override
    protected Map<String, Object> validSettings() {
        return map("pastDays", 7, "futureDays", 90, "direction", "import_only");
    }

    @Override
    protected Map<String, Object> defaultSettings() {
        return map("pastDays", 30, "futureDays", 365, "direction", "two_way");
    }

    @Override
    protected Map<String, Object> invalidSettings() {
        return map("pastDays", 400, "futureDays", 90, "direction", "two_way");
    }

    @Override
    protected String invalidField() {
        return "pastDays";
    }

    @Override
    protected Map<String, Object> wrongTypeSettings() {
        return map("pastDays", "a week", "futureDays", 90, "direction", "two_way");
    }

    @Override
    protected String wrongTypeField() {
        return "pastDays";
    }
}
