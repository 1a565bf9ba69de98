package com.crm.integrations.common.retry;

import com.crm.integrations.common.events.payload.WireNamed;
import com.fasterxml.jackson.annotation.JsonValue;

/** The class of a failed provider call: the error taxonomy, decided once ({@link ProviderErrors}) for every service and carried by events. */
public enum FailureCategory implements WireNamed {
    /** Timeouts, 5xx, connection errors: retried with backoff. */
    TRANSIENT("transient"),
    /** The provider throttles us (429, Google's 403 rate-limit reasons, Mailchimp's connection limit): retried later. */
    RATE_LIMIT("rate_limit"),
    /** The user's grant is dead ({@code invalid_grant}, 401 after a refresh): the user must reconnect. */
    AUTH("auth"),
    /** The provider rejects this request for good (4xx other than the above): retrying does not help. */
    PERMANENT("permanent"),
    /** The provider refuses our own application's credentials or configuration ({@code invalid_client}): an operator must act. */
    MISCONFIGURED("misconfigured");

    private final String wireName;

    FailureCategory(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
