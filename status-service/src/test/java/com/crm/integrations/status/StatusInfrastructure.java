package com.crm.integrations.status;

import java.util.List;
import java.util.Map;

import com.crm.integrations.testing.IntegrationInfrastructure;

/**
 * status-service's tests' infrastructure, named by every test class (so the app and all of this start once): the
 * shared one with the real token-service, calendar-service and mailchimp-service beside it, each from its packaged jar,
 * whose state and events status-service reports on. status-service has no OAuth callback of its own; token-service's
 * are registered with the sandbox, so {@code TokenServiceConnections.connect} works as in calendar-service's tests.
 */
public class StatusInfrastructure extends IntegrationInfrastructure {

    public StatusInfrastructure() {
        super(List.of(), Map.of(TOKEN_SERVICE_ARG, "true", CALENDAR_SERVICE_ARG, "true", MAILCHIMP_SERVICE_ARG, "true"));
    }
}
