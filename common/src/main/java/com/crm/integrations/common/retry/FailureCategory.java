package com.crm.integrations.common.retry;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The class of a failed provider call: the error taxonomy, decided once ({@link ProviderErrors}) for every service and carried by events. */
public enum FailureCategory {
    /** Timeouts, 5xx, connection errors: retried with backoff. */
    @JsonProperty("transient")
    TRANSIENT,
    /** The provider throttles us (429, Google's 403 rate-limit reasons, Mailchimp's connection limit): retried later. */
    @JsonProperty("rate_limit")
    RATE_LIMIT,
    /** The user's grant is dead ({@code invalid_grant}, 401 after a refresh): the user must reconnect. */
    @JsonProperty("auth")
    AUTH,
    /** The provider rejects this request for good (4xx other than the above): retrying does not help. */
    @JsonProperty("permanent")
    PERMANENT,
    /** The provider refuses our own application's credentials or configuration ({@code invalid_client}): an operator must act. */
    @JsonProperty("misconfigured")
    MISCONFIGURED
}
