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

    /**
     * The siblings answer the app's integrations page across origins (CORS), and token-service's OAuth flows come back
     * to it, as in the local run (deploy/local/*.properties).
     */
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new java.util.HashMap<>(super.start());
        // The app's integrations page calls the siblings at their own ports.
        config.put("integrations.page.token-service-url", config.get(TOKEN_SERVICE_URL));
        config.put("integrations.page.calendar-service-url", config.get(CALENDAR_SERVICE_URL));
        config.put("integrations.page.mailchimp-service-url", config.get(MAILCHIMP_SERVICE_URL));
        return config;
    }

    @Override
    protected Map<String, String> siblingConfiguration(String appUrl) {
        return Map.of("integrations.page.origins", appUrl, "integrations.token.return-url", appUrl + "/integrations/");
    }
}
