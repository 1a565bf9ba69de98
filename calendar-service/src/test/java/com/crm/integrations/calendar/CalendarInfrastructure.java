package com.crm.integrations.calendar;

import java.util.List;
import java.util.Map;

import com.crm.integrations.testing.IntegrationInfrastructure;

/**
 * calendar-service's tests' infrastructure, named by every test class (so the app and all of this start
 * once): the shared one with the real token-service beside it, which calendar-service asks for provider
 * tokens ({@code integrations.token-service.url}) and whose {@code connection.changed} events it consumes.
 * calendar-service has no OAuth callback of its own; token-service's are registered with the sandbox.
 */
public class CalendarInfrastructure extends IntegrationInfrastructure {

    public CalendarInfrastructure() {
        super(List.of(), Map.of(TOKEN_SERVICE_ARG, "true"));
    }
}
