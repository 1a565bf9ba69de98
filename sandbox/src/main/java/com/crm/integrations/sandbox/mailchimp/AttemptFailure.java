package com.crm.integrations.sandbox.mailchimp;

/** Why a webhook request got no answer: none within the wait ({@code timeout}), or none at all ({@code unreachable}). */
public enum AttemptFailure {
    TIMEOUT("timeout"),
    UNREACHABLE("unreachable");

    private final String wireName;

    AttemptFailure(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
